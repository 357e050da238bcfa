import { expect, type Page, test } from '@playwright/test';
import { startLocalKit } from '@web-identity/testing';
import { type StaticApp, serveApp } from '../../../tools/static-server.mjs';
import { launchFreshContext } from './browser.js';
import { dumpBrowserStorage, SecretWatcher } from './secrets.js';

/** Short, explicit credential lifetime so refreshes happen while a test watches (the kit's default is AWS's 900 s). */
const LIFETIME_S = 24;

type Kit = Awaited<ReturnType<typeof startLocalKit>>;

/**
 * The one Playwright suite every browser example passes (EXAMPLES.md): the React, Vue and Angular
 * apps render the same screens with the same data-testids, so only the build folder differs.
 */
export function defineExampleSuite(
  name: string,
  distDir: string,
  options: { signedCall?: boolean } = {},
): void {
  test.describe(`${name} example`, () => {
    let kit: Kit;
    let app: StaticApp;
    let page: Page;
    let watcher: SecretWatcher;
    let closeBrowser: () => Promise<void>;

    test.beforeAll(async () => {
      kit = await startLocalKit({ aws: { credentialLifetimeSeconds: LIFETIME_S } });
      app = await serveApp(distDir, kit.config);
    });
    test.afterAll(async () => {
      await app?.close();
      await kit?.close();
    });
    test.beforeEach(async () => {
      const fresh = await launchFreshContext();
      closeBrowser = fresh.close;
      page = fresh.context.pages()[0] ?? (await fresh.context.newPage());
      watcher = new SecretWatcher();
      watcher.attach(page);
      kit.aws.faults.reset();
    });
    test.afterEach(async () => {
      // Whatever a test did, nothing secret may have reached the console or the page text.
      const text = await page.evaluate(() => document.documentElement.outerHTML).catch(() => '');
      expect(watcher.leaksIn(watcher.console.join('\n')), 'secrets in console output').toEqual([]);
      expect(watcher.leaksIn(text), 'secrets in page text').toEqual([]);
      await closeBrowser();
    });

    async function signIn(user = 'alice'): Promise<void> {
      await page.goto(app.url);
      await expect(page.getByTestId('status')).toHaveText('signed-out');
      await page.getByTestId('sign-in').click();
      await page.locator('input[name="login"]').fill(user);
      await page.locator('input[name="password"]').fill('password');
      await page.locator('button[type="submit"], input[type="submit"]').first().click();
      await expect(page.getByTestId('status')).toHaveText('ready');
      await expect(page.getByTestId('subject')).toHaveText(user);
    }

    async function upload(fileName: string, body: string): Promise<void> {
      await page
        .getByTestId('file-input')
        .setInputFiles({ name: fileName, mimeType: 'text/plain', buffer: Buffer.from(body) });
      await page.getByTestId('upload').click();
    }

    const exchanges = (since: number) =>
      kit.aws.calls({ action: 'AssumeRoleWithWebIdentity' }).filter((c) => c.time.getTime() >= since);
    const failedS3 = (since: number) =>
      kit.aws
        .calls()
        .filter((c) => c.service === 's3' && c.time.getTime() >= since && c.outcome !== 'success');
    const exchangeCount = async () => Number(await page.getByTestId('exchange-count').textContent());

    test('signs in through the IdP and shows ready credentials without revealing them', async () => {
      const since = Date.now();
      await signIn();
      await expect(page.getByTestId('role-arn')).toContainText('role/PhotoUploader');
      const issued = [...watcher.accessKeyIds];
      expect(issued).toHaveLength(1);
      const masked = await page.getByTestId('access-key').textContent();
      expect(masked).toBe(`${issued[0]!.slice(0, 4)}…${issued[0]!.slice(-4)}`);
      expect(Number(await page.getByTestId('expires-in').textContent())).toBeGreaterThan(0);
      expect(Number.isNaN(Date.parse((await page.getByTestId('refresh-at').textContent()) ?? ''))).toBe(
        false,
      );
      // Several components use credentials at once, yet the kit saw exactly one exchange.
      await expect(page.getByTestId('consumer-status')).toHaveCount(3);
      for (const s of await page.getByTestId('consumer-status').all()) await expect(s).toHaveText('ready');
      expect(exchanges(since).filter((c) => c.subject === 'alice')).toHaveLength(1);
      expect(await exchangeCount()).toBe(1);
    });

    test('uploads and lists under the user’s own prefix; another prefix is denied', async () => {
      await signIn();
      await upload('cat.txt', 'meow');
      await expect(page.getByTestId('upload-result')).toHaveText('uploaded uploads/alice/cat.txt');
      await page.getByTestId('list').click();
      await expect(page.getByTestId('uploads').locator('li')).toContainText(['uploads/alice/cat.txt']);
      expect(
        kit.aws
          .calls({ action: 'PutObject' })
          .filter((c) => c.subject === 'alice')
          .at(-1)?.outcome,
      ).toBe('success');

      await page.getByTestId('other-upload').click();
      await expect(page.getByTestId('s3-error')).toContainText('AccessDenied');
    });

    test('refreshes at least twice while open, with zero failed S3 calls across the refreshes', async () => {
      test.setTimeout(LIFETIME_S * 4 * 1000);
      const since = Date.now();
      await signIn();
      let n = 0;
      // Keep using S3 while credentials roll over; every call must succeed.
      while ((await exchangeCount()) < 3) {
        await upload(`tick-${n}.txt`, `tick ${n}`);
        await expect(page.getByTestId('upload-result')).toHaveText(`uploaded uploads/alice/tick-${n}.txt`);
        n++;
        await page.waitForTimeout(1_000);
      }
      expect(n).toBeGreaterThan(2);
      expect(failedS3(since)).toEqual([]);
      // The kit's own count agrees with the app's (no hidden extra exchanges from several consumers).
      await expect
        .poll(
          async () =>
            exchanges(since).filter((c) => c.outcome === 'success').length - (await exchangeCount()),
        )
        .toBe(0);
      const key = await page.getByTestId('access-key').textContent();
      expect(watcher.accessKeyIds.size).toBeGreaterThanOrEqual(3);
      expect(key).toBe(
        `${[...watcher.accessKeyIds].at(-1)!.slice(0, 4)}…${[...watcher.accessKeyIds].at(-1)!.slice(-4)}`,
      );
    });

    test('keeps working while STS throttles a refresh, then recovers', async () => {
      test.setTimeout(LIFETIME_S * 4 * 1000);
      const since = Date.now();
      await signIn();
      kit.aws.faults.throttle(2);
      // Wait for the refresh to be throttled; the old keys are still valid and in use.
      await expect
        .poll(() => exchanges(since).filter((c) => c.outcome !== 'success').length, {
          timeout: LIFETIME_S * 1000,
        })
        .toBeGreaterThan(0);
      await expect(page.getByTestId('status')).toHaveText(/ready|refreshing/);
      await upload('during-throttle.txt', 'still here');
      await expect(page.getByTestId('upload-result')).toHaveText(
        'uploaded uploads/alice/during-throttle.txt',
      );
      // Backoff retries until STS answers again; the panel recovers with new keys.
      await expect.poll(exchangeCount, { timeout: LIFETIME_S * 1000 }).toBe(2);
      await expect(page.getByTestId('status')).toHaveText('ready');
      await expect(page.getByTestId('error')).toHaveText('');
      expect(failedS3(since)).toEqual([]);
    });

    if (options.signedCall) {
      test('signs an HttpClient call with SigV4 and the execute-api endpoint sees the user', async () => {
        const since = Date.now();
        await signIn();
        await page.getByTestId('signed-call').click();
        await expect(page.getByTestId('signed-call-result')).toContainText(
          'assumed-role/PhotoUploader/alice',
        );
        const echoed = kit.aws.calls({ service: 'execute-api' }).filter((c) => c.time.getTime() >= since);
        expect(echoed.map((c) => [c.subject, c.outcome])).toContainEqual(['alice', 'success']);
      });
    }

    test('sign-out empties the panel and leaves no secret in any browser storage', async () => {
      await signIn();
      await upload('bye.txt', 'bye');
      await expect(page.getByTestId('upload-result')).toHaveText('uploaded uploads/alice/bye.txt');
      await page.getByTestId('sign-out').click();
      await expect(page.getByTestId('status')).toHaveText('signed-out');
      await expect(page.getByTestId('access-key')).toHaveText('');
      await expect(page.getByTestId('subject')).toHaveText('');
      await page.getByTestId('list').click();
      await expect(page.getByTestId('s3-error')).not.toHaveText('');
      expect(watcher.secrets.size).toBeGreaterThanOrEqual(3);
      expect(watcher.leaksIn(await dumpBrowserStorage(page)), 'secrets in browser storage').toEqual([]);
    });
  });
}
