import { expect, type Page, test } from '@playwright/test';
import { startLocalKit } from '@web-identity/testing';
import { startNext } from '../../next-example/test/startNext.js';
import { launchFreshContext } from '../src/browser.js';
import { dumpBrowserStorage, SecretWatcher } from '../src/secrets.js';

type Kit = Awaited<ReturnType<typeof startLocalKit>>;

// The Next.js example (apps/next-example): sign-in in the browser (React hook), upload from a server action and
// list from a route handler, both with the user's own credentials on the server; `next start` of its build.
test.describe('next example', () => {
  let kit: Kit;
  let app: { url: string; close(): Promise<void> };
  let page: Page;
  let watcher: SecretWatcher;
  let closeBrowser: () => Promise<void>;
  const exchanges = () => kit.aws.calls({ action: 'AssumeRoleWithWebIdentity' });

  test.beforeAll(async () => {
    kit = await startLocalKit();
    app = await startNext({
      AWS_REGION: kit.config.region,
      OIDC_ISSUER: kit.config.issuer,
      OIDC_CLIENT_ID: kit.config.clientId,
      ROLE_ARN: kit.config.roleArn,
      STS_ENDPOINT: kit.config.stsEndpoint!,
      S3_ENDPOINT: kit.config.s3Endpoint!,
      BUCKET: kit.config.bucket,
    });
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
  });
  test.afterEach(async () => {
    const text = await page.evaluate(() => document.documentElement.outerHTML).catch(() => '');
    expect(watcher.leaksIn(watcher.console.join('\n')), 'secrets in console output').toEqual([]);
    expect(watcher.leaksIn(text), 'secrets in page text').toEqual([]);
    await closeBrowser();
  });

  async function signIn(user: string): Promise<void> {
    await page.goto(app.url);
    await expect(page.getByTestId('status')).toHaveText('signed-out');
    await page.getByTestId('sign-in').click();
    await page.locator('input[name="login"]').fill(user);
    await page.locator('input[name="password"]').fill('password');
    await page.locator('button[type="submit"], input[type="submit"]').first().click();
    await expect(page.getByTestId('status')).toHaveText('ready');
    await expect(page.getByTestId('subject')).toHaveText(user);
  }
  async function upload(name: string, body: string): Promise<void> {
    await page
      .getByTestId('file-input')
      .setInputFiles({ name, mimeType: 'text/plain', buffer: Buffer.from(body) });
    await page.getByTestId('upload').click();
  }

  test('server action uploads and route handler lists as the user; cached on the server after the first call', async () => {
    await signIn('alice');
    await upload('cat.txt', 'meow');
    await expect(page.getByTestId('upload-result')).toHaveText('uploaded uploads/alice/cat.txt');
    // The server exchanged alice's token once (the browser once for its own panel); S3 saw alice's server keys.
    const serverKey = exchanges()
      .filter((c) => c.subject === 'alice')
      .at(-1)?.issuedAccessKeyId;
    const put = kit.aws.calls({ action: 'PutObject' }).at(-1);
    expect(put?.accessKeyId).toBe(serverKey);
    const after = exchanges().length;
    await upload('dog.txt', 'woof');
    await expect(page.getByTestId('upload-result')).toHaveText('uploaded uploads/alice/dog.txt');
    await page.getByTestId('list').click();
    await expect(page.getByTestId('uploads').locator('li')).toHaveText([
      'uploads/alice/cat.txt',
      'uploads/alice/dog.txt',
    ]);
    await page.getByTestId('list').click();
    await expect(page.getByTestId('uploads').locator('li')).toHaveCount(2);
    expect(exchanges().length, 'no credential call per request once cached').toBe(after);
  });

  test("another user's folder is refused by the role; sign-out ends the server session", async () => {
    await signIn('bob');
    await page.getByTestId('other-upload').click();
    await expect(page.getByTestId('s3-error')).toHaveText('AccessDenied');
    await page.getByTestId('list').click();
    await expect(page.getByTestId('uploads').locator('li')).toHaveCount(0);
    await expect(page.getByTestId('s3-error')).toHaveText('');
    await page.getByTestId('sign-out').click();
    await expect(page.getByTestId('status')).toHaveText('signed-out');
    await page.getByTestId('list').click();
    await expect(page.getByTestId('s3-error')).toHaveText('NoIdentityToken');
    await upload('late.txt', 'x');
    await expect(page.getByTestId('s3-error')).toHaveText('NoIdentityToken');
    const storage = await dumpBrowserStorage(page);
    for (const secret of watcher.secrets) expect(storage.includes(secret)).toBe(false);
  });
});
