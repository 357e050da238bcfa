// @vitest-environment node
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSSRApp, defineComponent, h } from 'vue';
import { renderToString } from 'vue/server-renderer';
import { FakeClient } from './fakeClient.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('server-side rendering', () => {
  it('imports without a window', async () => {
    expect(typeof (globalThis as { window?: unknown }).window).toBe('undefined');
    const mod = await import('../src/index.js');
    expect(typeof mod.useAwsCredentials).toBe('function');
  });

  it('renders the signed-out state and never subscribes, whatever the client holds', async () => {
    vi.useFakeTimers();
    const { createAwsCredentials, useAwsCredentials } = await import('../src/index.js');
    const client = new FakeClient({ exchangeMs: 10 });
    const warm = client.getCredentials();
    await vi.advanceTimersByTimeAsync(10);
    await warm;
    expect(client.getSnapshot().status).toBe('ready');
    const subscribesBefore = client.subscribeCalls;

    const App = defineComponent({
      setup() {
        const { status, credentials } = useAwsCredentials();
        return () => h('p', `${status.value}:${credentials.value?.accessKeyId ?? 'none'}`);
      },
    });
    const html = await renderToString(createSSRApp(App).use(createAwsCredentials(client)));
    expect(html).toBe('<p>signed-out:none</p>');
    expect(client.subscribeCalls).toBe(subscribesBefore);
    expect(client.listeners.size).toBe(0);
  });
});
