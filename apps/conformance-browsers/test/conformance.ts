import { mkdirSync } from 'node:fs';
import { KitControl, SCENARIO_IDS, type TargetResults } from '@web-identity/conformance';
import {
  type ConformanceKit,
  RESULTS_DIR,
  startConformanceKit,
  writeResults,
} from '@web-identity/conformance/host';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from '../src/app.js';
import { type Engine, type EngineName, launch } from '../src/engines.js';
import { servePages } from '../src/server.js';
import type { Tab } from '../src/tabs.js';

/** The scenarios only a browser has, added to the engine's results file after the suite's own. */
export const BROWSER_SCENARIOS = ['web-worker', 'service-worker'] as const;

type Reply = { ok?: unknown; error?: { code: string; message: string } };
type Page = {
  wi: {
    worker(type: string, extra?: unknown): Promise<Reply>;
    swReady(): Promise<{ ok?: true; error?: string }>;
    swStatus(): Promise<{ status: string; exchangeCount: number }>;
    swFetch(path: string, init?: RequestInit): Promise<{ status: number; body: string }>;
    signOutEverywhere(): void;
    signOutServiceWorker(): void;
    config: unknown;
  };
};

/**
 * An engine's conformance run: the suite in a page (each scenario pass, or n/a with its reason), then the Web
 * Worker and Service Worker patterns (page/credentials-worker.js, page/signing-sw.js, as the docs show them);
 * all of it goes to `apps/conformance/results/<engine>.json`.
 */
export function defineConformance(engine: EngineName): void {
  describe(`conformance in ${engine}`, () => {
    let kit: ConformanceKit;
    let pages: Awaited<ReturnType<typeof servePages>>;
    let control: KitControl;
    // One browser (one profile) for the three tests, a tab each: launching Firefox costs ~8 s here.
    let browser: Engine;
    const results: TargetResults = {};

    beforeAll(async () => {
      kit = await startConformanceKit();
      pages = await servePages(kit.urls);
      control = new KitControl(kit.urls);
      browser = await launch(engine);
    });
    afterAll(async () => {
      if (Object.keys(results).length === SCENARIO_IDS.length + BROWSER_SCENARIOS.length) {
        mkdirSync(RESULTS_DIR, { recursive: true });
        writeResults(engine, results);
      }
      await browser?.close();
      await pages?.close();
      await kit?.close();
    });

    it('runs every scenario of the suite in a page: each passes or is n/a with its reason', async () => {
      const tab = await browser.tab();
      await tab.goto(`${pages.url}/page/suite.html?target=${engine}`);
      const out = (await until(
        tab,
        () => (window as unknown as { __conformance?: { done: boolean } }).__conformance ?? null,
        (v) => v?.done === true,
        'the suite to finish',
        200_000,
      )) as unknown as { results: TargetResults; error: string | null };
      expect(out.error).toBeNull();
      // In the suite's order (WebDriver's JSON does not keep an object's key order).
      expect(Object.keys(out.results).sort()).toEqual([...SCENARIO_IDS].sort());
      for (const id of SCENARIO_IDS) results[id] = out.results[id]!;
      for (const [id, r] of Object.entries(results)) {
        expect.soft(r.status, `${engine} ${id}: ${r.reason ?? ''}`).not.toBe('fail');
        if (r.status === 'n/a') expect.soft(r.reason, `${engine} ${id}`).toBeTruthy();
      }
    });

    const env = () => ({ engine, browser, base: pages.url, kit: kit.urls, control, results });
    it('a dedicated Web Worker holds the client: credentials and signed calls on request; sign-out in a tab reaches it', () =>
      webWorker(env()));

    it('a Service Worker signs fetches under its path with signedFetch; sign-out stops it', () =>
      serviceWorker(env()));
  });
}

/** What the worker tests use of their engine's run. */
interface Env {
  engine: EngineName;
  browser: Engine;
  base: string;
  kit: ConformanceKit['urls'];
  control: KitControl;
  results: TargetResults;
}

const exchangesOf = async (control: KitControl) =>
  (await control.calls({ action: 'AssumeRoleWithWebIdentity' })).length;

/** The dedicated Worker of page/credentials-worker.js, driven from page/workers.js. */
async function webWorker({ engine, browser, base, kit, control, results }: Env): Promise<void> {
  try {
    await control.reset();
    const tab = await browser.tab();
    await openWorkersPage(tab, base);
    await tab.run(() =>
      (window as unknown as Page).wi.worker('init', { config: (window as unknown as Page).wi.config }),
    );
    const creds = (await tab.run(() => (window as unknown as Page).wi.worker('credentials'))) as Reply;
    expect(creds.error).toBeUndefined();
    expect((creds.ok as { accessKeyId: string }).accessKeyId).toMatch(/^ASIA/);
    const key = `uploads/alice/worker-${engine}.txt`;
    const url = `${kit.awsEndpoint}/${kit.bucket}/${key}`;
    const put = (await tab.run(
      (u: string) =>
        (window as unknown as Page).wi.worker('signed-fetch', {
          url: u,
          method: 'PUT',
          body: 'from a worker',
        }),
      url,
    )) as Reply;
    expect(put).toMatchObject({ ok: { status: 200, body: '' } });
    const get = (await tab.run(
      (u: string) => (window as unknown as Page).wi.worker('signed-fetch', { url: u }),
      url,
    )) as Reply;
    expect(get).toMatchObject({ ok: { status: 200, body: 'from a worker' } });
    expect(await exchangesOf(control)).toBe(1);
    // Another client of the origin signs out (as the app's sign-out button would): the worker's client hears it.
    await tab.run(() => (window as unknown as Page).wi.signOutEverywhere());
    await until(
      tab,
      // biome-ignore lint/suspicious/noExplicitAny: a page-side probe
      () => (window as any).wi.worker('status').then((r: Reply) => (r.ok as { status: string }).status),
      (s) => s === 'signed-out',
      'the worker to sign out',
      5_000,
    );
    const after = (await tab.run(() => (window as unknown as Page).wi.worker('credentials'))) as Reply;
    expect(after.error?.code).toBeTruthy();
    expect(await exchangesOf(control)).toBe(1);
    results['web-worker'] = { status: 'pass' };
    // This page's user signed out: it would answer the Service Worker's token requests with null.
    await tab.goto('about:blank');
  } catch (e) {
    results['web-worker'] = { status: 'fail', reason: String((e as Error).message).slice(0, 200) };
    throw e;
  }
}

/** The Service Worker of page/signing-sw.js, driven from page/workers.js. */
async function serviceWorker({ engine, browser, base, control, results }: Env): Promise<void> {
  try {
    await control.reset();
    const tab = await browser.tab();
    await openWorkersPage(tab, base);
    const registered = await tab.run(() => (window as unknown as Page).wi.swReady());
    if (registered.error) {
      // Reported, never skipped silently: the matrix says what this engine lacks.
      results['service-worker'] = {
        status: 'n/a',
        reason: `no module Service Worker: ${registered.error}`,
      };
      expect(registered.error).toMatch(/module|service ?worker|not supported|undefined/i);
      return;
    }
    const path = `uploads/alice/sw-${engine}.txt`;
    const put = await tab.run(
      (p: string) =>
        (window as unknown as Page).wi.swFetch(p, { method: 'PUT', body: 'through the service worker' }),
      path,
    );
    expect(put.status, put.body).toBe(200);
    const get = await tab.run((p: string) => (window as unknown as Page).wi.swFetch(p), path);
    expect(get).toEqual({ status: 200, body: 'through the service worker' });
    const denied = await tab.run(() =>
      (window as unknown as Page).wi.swFetch('uploads/bob/sw.txt', { method: 'PUT', body: 'x' }),
    );
    expect(denied.status).toBe(403);
    const puts = (await control.calls({ action: 'PutObject' })).map((c) => [c.subject, c.outcome]);
    expect(puts).toContainEqual(['alice', 'success']);
    expect(await exchangesOf(control)).toBe(1);
    await tab.run(() => (window as unknown as Page).wi.signOutServiceWorker());
    await until(
      tab,
      // biome-ignore lint/suspicious/noExplicitAny: a page-side probe
      () => (window as any).wi.swStatus().then((r: { status: string }) => r.status),
      (s) => s === 'signed-out',
      'the service worker to sign out',
      5_000,
    );
    const afterSignOut = await tab.run((p: string) => (window as unknown as Page).wi.swFetch(p), path);
    expect(afterSignOut.status).toBe(401);
    expect(await exchangesOf(control)).toBe(1);
    results['service-worker'] = { status: 'pass' };
  } catch (e) {
    results['service-worker'] ??= { status: 'fail', reason: String((e as Error).message).slice(0, 200) };
    throw e;
  }
}

async function openWorkersPage(tab: Tab, base: string): Promise<void> {
  await tab.goto(`${base}/page/workers.html`);
  await until(
    tab,
    () => document.getElementById('state')?.textContent ?? '',
    (s) => s === 'ready',
    'the workers page',
  );
}
