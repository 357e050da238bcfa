import { dirname, join } from 'node:path';
import { flushSync, hydrate, unmount } from 'svelte';
import { createServer } from 'vite';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeClient } from './fakeClient.js';
import Host from './fixtures/Host.svelte';

// jsdom's import.meta.url is not a file URL; the test file's own path is.
const packageRoot = join(dirname(import.meta.filename ?? ''), '..');

afterEach(() => {
  vi.restoreAllMocks();
});

/** What SvelteKit would send: the same component rendered by Svelte's server build, through Vite's SSR loader. */
async function serverHtml(props: Record<string, unknown>): Promise<string> {
  const { svelte } = await import('@sveltejs/vite-plugin-svelte');
  const vite = await createServer({
    configFile: false,
    root: packageRoot,
    logLevel: 'silent',
    plugins: [svelte()],
    server: { middlewareMode: true, hmr: false, ws: false },
    appType: 'custom',
  });
  try {
    const { renderHost } = await vite.ssrLoadModule(join(packageRoot, 'test/fixtures/renderHost.ts'));
    return renderHost(props);
  } finally {
    await vite.close();
  }
}

describe('hydration', () => {
  it('adopts the server’s signed-out markup without a mismatch, then shows the live state', async () => {
    const warn = vi.spyOn(console, 'warn');
    const error = vi.spyOn(console, 'error');
    // A client that already holds keys: rendering them before hydration ends would not match the server.
    const client = new FakeClient({ exchangeMs: 0 });
    await client.getCredentials();
    expect(client.getSnapshot().status).toBe('ready');

    const target = document.createElement('div');
    target.innerHTML = await serverHtml({
      input: { region: 'x', source: {}, getIdToken: () => null },
      store: true,
    });
    const serverProbe = target.querySelector('.probe');
    expect(serverProbe?.textContent).toBe('signed-out|||0');

    const app = hydrate(Host, { target, props: { input: client, store: true } });
    expect(target.querySelector('.probe')).toBe(serverProbe); // adopted, not re-created
    expect(serverProbe?.textContent).toBe('signed-out|||0');
    await Promise.resolve();
    flushSync();
    expect(target.querySelector('.probe')).toBe(serverProbe);
    expect(serverProbe?.textContent).toBe('ready|ASIAFAKE00000001|alice|1');
    expect(target.querySelector('.store')?.textContent).toBe('ready|alice');
    const logged = [...warn.mock.calls, ...error.mock.calls].flat().join(' ');
    expect(logged).not.toMatch(/hydration|mismatch/i);
    unmount(app);
    expect(client.listeners.size).toBe(0);
  });
});
