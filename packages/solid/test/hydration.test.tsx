import { dirname, join } from 'node:path';
import { hydrate } from 'solid-js/web';
import { createServer } from 'vite';
import solid from 'vite-plugin-solid';
import { describe, expect, it, vi } from 'vitest';
import { FakeClient } from './fakeClient.js';
import { HydrationApp } from './fixtures/HydrationApp.js';

// jsdom's import.meta.url is not a file URL; the test file's own path is.
const packageRoot = join(dirname(import.meta.filename ?? ''), '..');

/** What SolidStart would send: the same tree rendered by Solid's server build, through Vite's SSR loader. */
async function serverHtml(): Promise<string> {
  const vite = await createServer({
    configFile: false,
    root: packageRoot,
    logLevel: 'silent',
    plugins: [solid({ ssr: true })],
    server: { middlewareMode: true, hmr: false, ws: false },
    appType: 'custom',
  });
  try {
    const { renderApp } = await vite.ssrLoadModule(join(packageRoot, 'test/fixtures/renderApp.tsx'));
    return renderApp();
  } finally {
    await vite.close();
  }
}

describe('hydration', () => {
  it('adopts the server’s signed-out markup, then shows the live state once mounted', async () => {
    const warn = vi.spyOn(console, 'warn');
    const error = vi.spyOn(console, 'error');
    // A client that already holds keys: showing them before hydration ends would not match the server's HTML.
    const client = new FakeClient({ exchangeMs: 0 });
    await client.getCredentials();
    expect(client.getSnapshot().status).toBe('ready');

    const target = document.createElement('div');
    target.innerHTML = await serverHtml();
    document.body.append(target); // hydration finds the server's elements by their keys in the document
    const serverProbe = target.querySelector('.probe');
    expect(serverProbe?.textContent).toBe('signed-out|0');

    // What the server's generateHydrationScript() installs before the app's bundle runs.
    (globalThis as Record<string, unknown>)._$HY = { events: [], completed: new WeakSet(), r: {}, fe() {} };
    const dispose = hydrate(() => <HydrationApp client={client} />, target);
    expect(target.querySelector('.probe')).toBe(serverProbe); // adopted, not re-created
    await Promise.resolve();
    expect(target.querySelector('.probe')).toBe(serverProbe);
    expect(serverProbe?.textContent).toBe('ready|1');
    const logged = [...warn.mock.calls, ...error.mock.calls].flat().join(' ');
    expect(logged).not.toMatch(/hydrat|mismatch/i);
    expect(client.listeners.size).toBe(1);
    dispose();
    expect(client.listeners.size).toBe(0);
    target.remove();
  });
});
