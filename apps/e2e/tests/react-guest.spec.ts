import { fileURLToPath } from 'node:url';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { expect, type Page, test } from '@playwright/test';
import { DEFAULT_ACCESS_KEY, GUEST_IDENTITY_POOL_ID, startLocalKit } from '@web-identity/testing';
import { type StaticApp, serveApp } from '../../../tools/static-server.mjs';
import { launchFreshContext } from '../src/browser.js';
import { dumpBrowserStorage, SecretWatcher } from '../src/secrets.js';

/**
 * Guest access (issue 17) in the React example: its public listing works before sign-in with a guest's
 * credentials from a Cognito identity pool, keeps one guest identity across page loads, and keeps that identity
 * when the visitor signs in. Only the guest's identity id may be in storage, never a key or token.
 */
const distDir = fileURLToPath(new URL('../../react-example/dist', import.meta.url));
const STORAGE_KEY = `web-identity:guest-identity-id:${GUEST_IDENTITY_POOL_ID}`;

type Kit = Awaited<ReturnType<typeof startLocalKit>>;

test.describe('react example, guest access', () => {
  let kit: Kit;
  let app: StaticApp;
  let page: Page;
  let watcher: SecretWatcher;
  let closeBrowser: () => Promise<void>;

  test.beforeAll(async () => {
    kit = await startLocalKit();
    app = await serveApp(distDir, {
      ...kit.config,
      guestIdentityPoolId: GUEST_IDENTITY_POOL_ID,
      cognitoEndpoint: kit.config.stsEndpoint,
    });
    // Something public to list (written with the kit's admin keys, as an operator would).
    const admin = new S3Client({
      region: kit.config.region,
      endpoint: kit.config.s3Endpoint,
      forcePathStyle: true,
      credentials: DEFAULT_ACCESS_KEY,
    });
    await admin.send(
      new PutObjectCommand({ Bucket: kit.config.bucket, Key: 'public/menu.txt', Body: 'soup' }),
    );
    admin.destroy();
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
    kit.aws.clearCalls();
  });
  test.afterEach(async () => {
    const text = await page.evaluate(() => document.documentElement.outerHTML).catch(() => '');
    expect(watcher.leaksIn(watcher.console.join('\n')), 'secrets in console output').toEqual([]);
    expect(watcher.leaksIn(text), 'secrets in page text').toEqual([]);
    expect(watcher.leaksIn(await dumpBrowserStorage(page)), 'secrets in browser storage').toEqual([]);
    await closeBrowser();
  });

  const localStorageEntries = () =>
    page.evaluate(() => Object.entries(localStorage).map(([k, v]) => `${k}=${v}`));

  test('before sign-in, a guest lists public/; a reload is the same guest; only its id (and when) is stored', async () => {
    await page.goto(app.url);
    await expect(page.getByTestId('status')).toHaveText('signed-out'); // the uploads client: nobody signed in
    await expect(page.getByTestId('public-status')).toHaveText('ready');
    await expect(page.getByTestId('public-visitor')).toHaveText('guest');
    await expect(page.getByTestId('public-listing').locator('li')).toHaveText(['public/menu.txt']);
    await expect(page.getByTestId('public-error')).toHaveText('');
    const guestId = await page.getByTestId('public-identity-id').textContent();
    expect(guestId).toMatch(/^eu-west-1:[0-9a-f-]{36}$/);
    // The guest's keys came from Cognito without Logins: the pool's guest role.
    const guestCalls = kit.aws.calls({ action: 'GetCredentialsForIdentity' });
    expect(guestCalls.map((c) => [c.identityId, c.roleArn, c.logins])).toEqual([
      [guestId, expect.stringContaining('role/CognitoGuestReader'), []],
    ]);
    expect(watcher.secrets.size).toBeGreaterThanOrEqual(2); // the guest's secret key and session token

    await page.reload();
    await expect(page.getByTestId('public-status')).toHaveText('ready');
    await expect(page.getByTestId('public-identity-id')).toHaveText(guestId!);
    await expect(page.getByTestId('public-listing').locator('li')).toHaveText(['public/menu.txt']);
    expect(kit.aws.calls({ action: 'GetId' }).filter((c) => c.identityId === guestId)).toHaveLength(1);
    // One entry: the guest's id and when this browser last used it (never a key or token).
    const entries = await page.evaluate(() => Object.entries(localStorage));
    expect(entries.map(([k]) => k)).toEqual([STORAGE_KEY]);
    const record = JSON.parse(entries[0]![1]);
    expect(Object.keys(record).sort()).toEqual(['at', 'id']);
    expect(record.id).toBe(guestId);
  });

  test('signing in keeps the guest identity, now signed in; the stored guest id is gone', async () => {
    await page.goto(app.url);
    await expect(page.getByTestId('public-visitor')).toHaveText('guest');
    const guestId = await page.getByTestId('public-identity-id').textContent();
    await page.getByTestId('sign-in').click();
    await page.locator('input[name="login"]').fill('bob');
    await page.locator('input[name="password"]').fill('password');
    await page.locator('button[type="submit"], input[type="submit"]').first().click();
    await expect(page.getByTestId('subject')).toHaveText('bob');
    await expect(page.getByTestId('public-status')).toHaveText('ready');
    await expect(page.getByTestId('public-visitor')).toHaveText('bob');
    await expect(page.getByTestId('public-identity-id')).toHaveText(guestId!);
    await expect(page.getByTestId('public-listing').locator('li')).toHaveText(['public/menu.txt']);
    const linking = kit.aws.calls({ action: 'GetCredentialsForIdentity' }).filter((c) => c.linked);
    expect(linking.map((c) => [c.identityId, c.linked, c.roleArn])).toEqual([
      [guestId, 'linked', expect.stringContaining('role/CognitoPhotoUploader')],
    ]);
    expect(await localStorageEntries()).toEqual([]);

    await page.getByTestId('sign-out').click();
    await expect(page.getByTestId('status')).toHaveText('signed-out');
    await expect(page.getByTestId('public-visitor')).toHaveText('guest');
    await expect(page.getByTestId('public-identity-id')).not.toHaveText(guestId!);
    await expect(page.getByTestId('public-identity-id')).toHaveText(/^eu-west-1:/);
  });
});
