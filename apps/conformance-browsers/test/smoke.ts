import { fileURLToPath } from 'node:url';
import { startLocalKit } from '@web-identity/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StaticApp, serveApp } from '../../../tools/static-server.mjs';
import { click, signIn, text, upload, waitText } from '../src/app.js';
import { type Engine, type EngineName, launch } from '../src/engines.js';
import type { Tab } from '../src/tabs.js';

/** Short keys so refreshes happen while a test watches (as apps/e2e). */
const LIFETIME_S = 15;
const distDir = fileURLToPath(new URL('../../react-example/dist', import.meta.url));
type Kit = Awaited<ReturnType<typeof startLocalKit>>;

/**
 * The React example's e2e smoke (apps/e2e's example suite, condensed) in another engine: sign in through the kit's
 * IdP, credentials ready with one exchange, an S3 upload under the user's prefix, sign-out. For WebKit also five
 * tabs of one profile counted against one tab's refreshes (issue 24's refresh storm).
 */
export function defineSmoke(engine: EngineName, options: { tabs?: boolean } = {}): void {
  describe(`React example in ${engine}`, () => {
    let kit: Kit;
    let app: StaticApp;
    let browser: Engine | undefined;

    beforeAll(async () => {
      kit = await startLocalKit({ aws: { credentialLifetimeSeconds: LIFETIME_S } });
      app = await serveApp(distDir, kit.config);
    });
    afterAll(async () => {
      await browser?.close();
      await app?.close();
      await kit?.close();
    });

    const exchanges = (since: number) =>
      kit.aws.calls({ action: 'AssumeRoleWithWebIdentity' }).filter((c) => c.time.getTime() >= since);

    it('signs in through the IdP, credentials ready, uploads to S3, signs out', async () => {
      browser = await launch(engine);
      const since = Date.now();
      const tab = await browser.tab();
      await signIn(tab, app.url);
      expect(await text(tab, 'role-arn')).toContain('role/PhotoUploader');
      expect(await text(tab, 'access-key')).toMatch(/^ASIA…\w{4}$/);
      await waitText(tab, 'consumers', /ready.*ready.*ready/s);
      expect(exchanges(since).filter((c) => c.subject === 'alice')).toHaveLength(1);
      await upload(tab, 'cat.txt', 'meow');
      await waitText(tab, 'upload-result', /^uploaded uploads\/alice\/cat\.txt$/);
      expect(kit.aws.calls({ action: 'PutObject' }).at(-1)).toMatchObject({
        subject: 'alice',
        outcome: 'success',
      });
      await click(tab, 'sign-out');
      await waitText(tab, 'status', /^signed-out$/);
      expect(await text(tab, 'access-key')).toBe('');
      await browser.close();
      browser = undefined;
    });

    if (options.tabs) {
      it('five tabs of one profile: one exchange at start, then no more refreshes than one tab makes', async () => {
        browser = await launch(engine);
        const since = Date.now();
        const tabs: Tab[] = [];
        for (let i = 0; i < 5; i++) {
          const tab = await browser.tab();
          await signIn(tab, app.url);
          tabs.push(tab);
        }
        const start = exchanges(since)[0]!.time.getTime();
        // One tab alone: the first exchange, then one per lifetime / 2 (minus up to 10 % jitter).
        const windowMs = 3 * LIFETIME_S * 1000;
        const floor = 1 + Math.floor(windowMs / ((LIFETIME_S / 2) * 1000));
        await new Promise((r) => setTimeout(r, start + windowMs - Date.now()));
        const made = exchanges(since).filter((c) => c.time.getTime() <= start + windowMs);
        console.log(
          `${engine}, five tabs: ${made.length} STS exchanges over ${windowMs / 1000} s (one tab: ${floor})`,
        );
        expect(made.length).toBeLessThanOrEqual(floor + 1);
        expect(made.every((c) => c.outcome === 'success')).toBe(true);
        for (const tab of tabs) expect(await text(tab, 'status')).toMatch(/^(ready|refreshing)$/);
        const own = await Promise.all(tabs.map(async (t) => Number(await text(t, 'exchange-count'))));
        expect(own.reduce((a, b) => a + b, 0)).toBe(
          exchanges(since).filter((c) => c.outcome === 'success').length,
        );
        await browser.close();
        browser = undefined;
      });
    }
  });
}
