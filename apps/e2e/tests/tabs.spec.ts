import { fileURLToPath } from 'node:url';
import { type BrowserContext, expect, type Page, test } from '@playwright/test';
import { startLocalKit } from '@web-identity/testing';
import { type StaticApp, serveApp } from '../../../tools/static-server.mjs';
import { launchFreshContext } from '../src/browser.js';
import { dumpBrowserStorage, SecretWatcher } from '../src/secrets.js';

/**
 * Many tabs of one browser profile (issue 19), with the React example: one exchange for all of them, a refresh
 * once for all, the lock holder closed mid-exchange, sign-out everywhere, and another profile on its own.
 */
const LIFETIME_S = 24;
const distDir = fileURLToPath(new URL('../../react-example/dist', import.meta.url));

type Kit = Awaited<ReturnType<typeof startLocalKit>>;

test.describe('react example, many tabs of one profile', () => {
  let kit: Kit;
  let app: StaticApp;
  let context: BrowserContext;
  let watcher: SecretWatcher;
  let closers: Array<() => Promise<void>>;

  test.beforeAll(async () => {
    kit = await startLocalKit({ aws: { credentialLifetimeSeconds: LIFETIME_S } });
    app = await serveApp(distDir, kit.config);
  });
  test.afterAll(async () => {
    await app?.close();
    await kit?.close();
  });
  test.beforeEach(async () => {
    kit.aws.faults.reset();
    watcher = new SecretWatcher();
    closers = [];
    context = await profile();
  });
  test.afterEach(async () => {
    // Whatever a test did: no secret in the console, the page text or any storage of any open tab.
    for (const c of [context]) {
      for (const page of c.pages()) {
        const text = await page.evaluate(() => document.documentElement.outerHTML).catch(() => '');
        expect(watcher.leaksIn(text), 'secrets in page text').toEqual([]);
        const storage = await dumpBrowserStorage(page).catch(() => '');
        expect(watcher.leaksIn(storage), 'secrets in browser storage').toEqual([]);
      }
    }
    expect(watcher.leaksIn(watcher.console.join('\n')), 'secrets in console output').toEqual([]);
    for (const close of closers) await close();
  });

  /** A fresh browser profile whose every tab the secret watcher follows. */
  async function profile(): Promise<BrowserContext> {
    const fresh = await launchFreshContext();
    closers.push(fresh.close);
    for (const page of fresh.context.pages()) watcher.attach(page);
    fresh.context.on('page', (page) => watcher.attach(page));
    return fresh.context;
  }

  /** A new tab of `ctx` (the persistent context's first, blank tab is reused once). */
  async function tab(ctx: BrowserContext): Promise<Page> {
    const blank = ctx.pages().find((p) => p.url() === 'about:blank');
    return blank ?? (await ctx.newPage());
  }

  /**
   * Signs `page` in through the IdP: the login form the first time in a profile, straight back afterwards (the
   * IdP's session cookie). Resolves once the app is back and its session has started.
   */
  async function signIn(page: Page, user = 'alice'): Promise<void> {
    await page.goto(app.url);
    await expect(page.getByTestId('status')).toHaveText('signed-out');
    await page.getByTestId('sign-in').click();
    const form = page.locator('input[name="login"]');
    const back = page.getByTestId('status').filter({ hasText: /^(loading|ready|refreshing)$/ });
    await expect(form.or(back)).toBeVisible({ timeout: 20_000 });
    if (await form.isVisible()) {
      await form.fill(user);
      await page.locator('input[name="password"]').fill('password');
      await page.locator('button[type="submit"], input[type="submit"]').first().click();
      await expect(back).toBeVisible({ timeout: 20_000 });
    }
  }

  async function ready(page: Page, user = 'alice'): Promise<void> {
    await expect(page.getByTestId('status')).toHaveText('ready', { timeout: 20_000 });
    await expect(page.getByTestId('subject')).toHaveText(user);
  }

  const exchanges = (since: number) =>
    kit.aws.calls({ action: 'AssumeRoleWithWebIdentity' }).filter((c) => c.time.getTime() >= since);
  const exchangeCount = async (page: Page) => Number(await page.getByTestId('exchange-count').textContent());
  const lockState = (page: Page) =>
    page.evaluate(async () => {
      const q = await navigator.locks.query();
      return { held: q.held?.length ?? 0, pending: q.pending?.length ?? 0 };
    });

  test('five tabs: one STS exchange at start, and over three lifetimes at most the one-tab floor + 1', async () => {
    test.setTimeout((LIFETIME_S * 3 + 60) * 1000);
    const since = Date.now();
    const pages = [await tab(context)];
    await signIn(pages[0]!);
    await ready(pages[0]!);
    for (let i = 1; i < 5; i++) pages.push(await context.newPage());
    await Promise.all(pages.slice(1).map((p) => signIn(p)));
    for (const p of pages) await ready(p);
    // Every tab shows the same keys; only one of them fetched them.
    expect(exchanges(since)).toHaveLength(1);
    const masked = await Promise.all(pages.map((p) => p.getByTestId('access-key').textContent()));
    expect(new Set(masked).size).toBe(1);
    const counts = await Promise.all(pages.map(exchangeCount));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(1);

    // Three credential lifetimes with all five tabs open. One tab alone refreshes every lifetime / 2 (the
    // advisory window of short-lived keys), minus up to 10 % jitter: 1 + ⌊3 · 24 / 12⌋ = 7 exchanges.
    const start = exchanges(since)[0]!.time.getTime();
    const window = LIFETIME_S * 3 * 1000;
    const floor = 1 + Math.floor(window / ((LIFETIME_S / 2) * 1000));
    await pages[0]!.waitForTimeout(start + window - Date.now());
    const made = exchanges(since).filter((c) => c.time.getTime() <= start + window);
    console.log(`five tabs: ${made.length} STS exchanges over three lifetimes (one-tab floor ${floor})`);
    expect(made.length).toBeGreaterThanOrEqual(floor - 1);
    expect(made.length).toBeLessThanOrEqual(floor + 1);
    expect(made.every((c) => c.outcome === 'success')).toBe(true);
    for (const p of pages) await expect(p.getByTestId('status')).toHaveText(/ready|refreshing/);
    // The kit's count is the sum of the tabs' own exchange counts: the others received their keys.
    const own = (await Promise.all(pages.map(exchangeCount))).reduce((a, b) => a + b, 0);
    expect(own).toBe(exchanges(since).filter((c) => c.outcome === 'success').length);
  });

  test('the tab holding the lock is closed during a slow exchange: the other tabs still get credentials', async () => {
    const since = Date.now();
    // Keys that outlive the test, so every call counted below is a first exchange, not a refresh.
    kit.aws.faults.shortCredentials(600).latency(8_000);
    const holder = await tab(context);
    await signIn(holder);
    // Its exchange is under way (slow STS): it holds the exchange lock.
    await expect.poll(() => lockState(holder)).toEqual({ held: 1, pending: 0 });
    const others = [await context.newPage(), await context.newPage()];
    await Promise.all(others.map((p) => signIn(p)));
    // Both wait for the lock the first tab holds.
    await expect.poll(() => lockState(others[0]!), { timeout: 6_000 }).toEqual({ held: 1, pending: 2 });
    kit.aws.faults.latency(0);
    await holder.close();
    for (const p of others) await ready(p);
    const masked = await Promise.all(others.map((p) => p.getByTestId('access-key').textContent()));
    expect(new Set(masked).size).toBe(1);
    // The closed tab's call plus exactly one for the two others.
    expect(exchanges(since).map((c) => c.outcome).length).toBeLessThanOrEqual(2);
    expect((await Promise.all(others.map(exchangeCount))).sort()).toEqual([0, 1]);
  });

  test('sign-out in one tab signs every tab out within a second, and nothing is exchanged afterwards', async () => {
    const pages = [await tab(context)];
    await signIn(pages[0]!);
    await ready(pages[0]!);
    for (let i = 1; i < 3; i++) {
      const p = await context.newPage();
      await signIn(p);
      await ready(p);
      pages.push(p);
    }
    await pages[1]!.getByTestId('sign-out').click();
    const signedOutAt = Date.now();
    for (const p of pages) await expect(p.getByTestId('status')).toHaveText('signed-out', { timeout: 1_000 });
    expect(Date.now() - signedOutAt).toBeLessThan(1_000 + 500);
    for (const p of pages) await expect(p.getByTestId('access-key')).toHaveText('');
    // A whole credential lifetime later (every tab would have refreshed twice), the kit has seen nothing.
    await pages[0]!.waitForTimeout(LIFETIME_S * 1000);
    expect(exchanges(signedOutAt)).toEqual([]);
    for (const p of pages) await expect(p.getByTestId('status')).toHaveText('signed-out');
  });

  test('a second browser profile exchanges for itself', async () => {
    const since = Date.now();
    const first = [await tab(context), await context.newPage()];
    for (const p of first) {
      await signIn(p);
      await ready(p);
    }
    expect(exchanges(since)).toHaveLength(1);
    const other = await profile();
    const page = await tab(other);
    await signIn(page);
    await ready(page);
    expect(await exchangeCount(page)).toBe(1);
    expect(exchanges(since)).toHaveLength(2);
    expect(await page.getByTestId('access-key').textContent()).not.toBe(
      await first[0]!.getByTestId('access-key').textContent(),
    );
    // Nothing secret in the second profile's storage either.
    expect(watcher.leaksIn(await dumpBrowserStorage(page)), 'secrets in browser storage').toEqual([]);
  });
});
