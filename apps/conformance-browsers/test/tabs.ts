import { KitControl } from '@web-identity/conformance';
import { type ConformanceKit, startConformanceKit } from '@web-identity/conformance/host';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from '../src/app.js';
import { type Engine, type EngineName, launch } from '../src/engines.js';
import { servePages } from '../src/server.js';
import type { Tab } from '../src/tabs.js';

/** Long enough that the receiver takes the keys even ~10 s early (above the mandatory window). */
const LIFETIME_S = 60;
type Snapshot = {
  status: string;
  exchangeCount: number;
  expiresAt: number | null;
  estimate: number | null;
  arrivedExpiresAt: number | null;
};
const snapshot = () => (window as unknown as { tab: { snapshot(): Snapshot } }).tab.snapshot();

/**
 * Issue 24's refresh storm, induced in the real engine: the tab that exchanged has a monotonic clock 10 s ahead of
 * its wall clock once it holds keys (as a WebKit background tab's can be), and a second tab takes its keys over the
 * BroadcastChannel. Before the fix the second tab expected them ~10 s early (and refreshed ~10 s early: with short
 * keys, at once); now it expects their real expiry.
 */
export function defineStorm(engine: EngineName): void {
  describe(`two tabs in ${engine}, one with its own monotonic clock`, () => {
    let kit: ConformanceKit;
    let pages: Awaited<ReturnType<typeof servePages>>;
    let browser: Engine;

    beforeAll(async () => {
      kit = await startConformanceKit();
      pages = await servePages(kit.urls);
      browser = await launch(engine);
    });
    afterAll(async () => {
      await browser?.close();
      await pages?.close();
      await kit?.close();
    });

    async function open(skew: number): Promise<Tab> {
      const tab = await browser.tab();
      await tab.goto(`${pages.url}/page/tabs.html?skew=${skew}`);
      await until(tab, snapshot, (s) => s.status === 'ready', 'the tab to hold keys');
      return tab;
    }

    it("the second tab takes the keys with their real expiry, not the sender's ~10 s early estimate", async () => {
      const control = new KitControl(kit.urls);
      await control.reset();
      await control.fault('shortCredentials', LIFETIME_S);
      const skewed = await open(10_000);
      const other = await open(0);
      const sender = await skewed.run(snapshot);
      const receiver = await other.run(snapshot);
      expect(receiver.exchangeCount).toBe(0);
      expect(await control.calls({ action: 'AssumeRoleWithWebIdentity' })).toHaveLength(1);
      // The sender's own estimate moved with its clock; what it shared did not.
      expect(sender.arrivedExpiresAt! - sender.estimate!).toBeGreaterThanOrEqual(9_000);
      expect(Math.abs(receiver.estimate! - sender.arrivedExpiresAt!)).toBeLessThanOrEqual(1_000);
    });
  });
}
