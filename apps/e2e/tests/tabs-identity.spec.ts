import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, type Page, test } from '@playwright/test';
import { startLocalKit } from '@web-identity/testing';
import { type StaticApp, serveApp } from '../../../tools/static-server.mjs';
import { launchFreshContext } from '../src/browser.js';

/**
 * Whose keys a tab shares, in Chromium (its own BroadcastChannel and Web Locks), against the kit: two tabs of one
 * profile, where the IdP switches users between them. The first tab's token has expired and its forced re-read
 * names Bob (the IdP session changed user); Alice's other tab, which asks its peers and waits for the same lock
 * meanwhile, must get Alice's keys, never Bob's. The page is a bare harness over `@web-identity/core/fetch`'s
 * build (no app code in between), its tokens handed in by the test as the IdP would hand them out.
 */
const coreDist = fileURLToPath(new URL('../../../packages/core/dist', import.meta.url));

const HARNESS = `<!doctype html>
<meta charset="utf-8" />
<title>cross-tab identity harness</title>
<pre id="out"></pre>
<!-- The build expects a bundler to replace process.env.NODE_ENV; this page loads it unbundled. -->
<script>globalThis.process = { env: { NODE_ENV: 'development' } };</script>
<script type="module">
  import { createCredentialsClient, webIdentity } from './core/fetch.js';
  const config = await (await fetch('/config.json')).json();
  const client = createCredentialsClient({
    region: config.region,
    source: webIdentity({ roleArn: config.roleArn, endpoint: config.stsEndpoint }),
    getIdToken: ({ forceRefresh }) => window.idToken(forceRefresh),
    broadcastChannel: 'harness',
  });
  window.start = async () => {
    const keys = await client.getCredentials();
    const snap = client.getSnapshot();
    return { accessKeyId: keys.accessKeyId, subject: snap.identity?.subject, origin: snap.origin };
  };
  window.held = () => client.getSnapshot().credentials?.accessKeyId ?? null;
</script>`;

type Kit = Awaited<ReturnType<typeof startLocalKit>>;

test.describe('cross-tab identity boundaries (Chromium, kit STS)', () => {
  let kit: Kit;
  let app: StaticApp;
  let root: string;

  test.beforeAll(async () => {
    kit = await startLocalKit();
    root = mkdtempSync(join(tmpdir(), 'wi-harness-'));
    cpSync(coreDist, join(root, 'core'), { recursive: true });
    writeFileSync(join(root, 'index.html'), HARNESS);
    app = await serveApp(root, kit.config);
  });
  test.afterAll(async () => {
    await app?.close();
    await kit?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  async function open(page: Page, token: (force: boolean) => Promise<string>): Promise<void> {
    page.on('pageerror', (e) => console.log('pageerror', e.message));
    await page.exposeFunction('idToken', token);
    await page.goto(app.url);
    await page.waitForFunction(() => typeof (window as unknown as { start?: unknown }).start === 'function');
  }
  const start = (page: Page) =>
    page.evaluate(() =>
      (
        window as unknown as {
          start: () => Promise<{ accessKeyId: string; subject: string; origin: string }>;
        }
      ).start(),
    );

  test("a tab whose re-read token names Bob never hands Bob's keys to Alice's other tab", async () => {
    const fresh = await launchFreshContext();
    try {
      const expired = await kit.idp.issueIdToken({ sub: 'alice', expiresIn: -60 });
      const alice = await kit.idp.issueIdToken({ sub: 'alice' });
      const bob = await kit.idp.issueIdToken({ sub: 'bob' });
      let release!: () => void;
      const idpSwitched = new Promise<void>((r) => {
        release = r;
      });
      const first = fresh.context.pages()[0] ?? (await fresh.context.newPage());
      const second = await fresh.context.newPage();
      await open(first, async (force) => {
        if (!force) return expired;
        await idpSwitched; // Alice's other tab asks and waits for the lock meanwhile
        return bob;
      });
      await open(second, async () => alice);
      const since = Date.now();
      const one = start(first);
      await expect
        .poll(() => first.evaluate(async () => (await navigator.locks.query()).held?.length ?? 0))
        .toBe(1);
      const two = start(second);
      await expect
        .poll(() => second.evaluate(async () => (await navigator.locks.query()).pending?.length ?? 0))
        .toBe(1);
      release();
      const [a, b] = await Promise.all([one, two]);

      expect(a.subject).toBe('bob');
      expect(b.subject).toBe('alice');
      expect(b.accessKeyId).not.toBe(a.accessKeyId);
      // Whose keys they are, as the kit's STS issued them.
      const issued = kit.aws
        .calls({ action: 'AssumeRoleWithWebIdentity' })
        .filter((c) => c.time.getTime() >= since && c.outcome === 'success');
      const issuedTo = (id: string) => issued.find((c) => c.issuedAccessKeyId === id)?.subject;
      expect(issuedTo(a.accessKeyId)).toBe('bob');
      expect(issuedTo(b.accessKeyId)).toBe('alice');
      // A moment later, neither tab holds the other user's keys.
      await second.waitForTimeout(500);
      expect(await second.evaluate(() => (window as unknown as { held: () => string }).held())).toBe(
        b.accessKeyId,
      );
    } finally {
      await fresh.close();
    }
  });
});
