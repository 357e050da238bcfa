import { createComponent } from 'solid-js';
import { hydrate } from 'solid-js/web';
import { describe, expect, it } from 'vitest';
import { AwsCredentialsProvider, useAwsCredentials } from '../src/index.js';
import { FakeClient } from './fakeClient.js';

describe('hydration', () => {
  it('reads signed out while hydrating, whatever the client holds, then takes over once mounted', async () => {
    // A client that already holds keys: showing them before hydration ends would not match the server's HTML.
    const client = new FakeClient({ exchangeMs: 0 });
    await client.getCredentials();
    expect(client.getSnapshot().status).toBe('ready');

    // What the server's generateHydrationScript() installs before the app's bundle runs.
    (globalThis as Record<string, unknown>)._$HY = { events: [], completed: new WeakSet(), r: {}, fe() {} };
    const seen: string[] = [];
    let status: (() => string) | undefined;
    const target = document.createElement('div');
    const dispose = hydrate(
      () =>
        createComponent(AwsCredentialsProvider, {
          client,
          get children() {
            const c = useAwsCredentials();
            status ??= c.status; // the instance created while hydrating
            seen.push(c.status());
            return null;
          },
        }),
      target,
    );
    expect(seen[0]).toBe('signed-out');
    await Promise.resolve();
    expect(status!()).toBe('ready');
    dispose();
    expect(client.listeners.size).toBe(0);
  });
});
