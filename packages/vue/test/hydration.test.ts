import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSSRApp, defineComponent, h, nextTick } from 'vue';
import { createAwsCredentials, useAwsCredentials } from '../src/index.js';
import { FakeClient } from './fakeClient.js';

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('hydration', () => {
  it('hydrates the server’s signed-out markup without a mismatch, then shows the live state', async () => {
    vi.useFakeTimers();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const client = new FakeClient({ exchangeMs: 10 });
    const warm = client.getCredentials();
    await vi.advanceTimersByTimeAsync(10);
    await warm;

    const App = defineComponent({
      setup() {
        const { status } = useAwsCredentials();
        return () => h('p', status.value);
      },
    });
    const container = document.createElement('div');
    container.innerHTML = '<p>signed-out</p>'; // what the server rendered
    const app = createSSRApp(App).use(createAwsCredentials(client));
    app.mount(container);
    const mismatch = [...warn.mock.calls, ...error.mock.calls].flat().join(' ');
    expect(mismatch).not.toMatch(/mismatch/i);
    await nextTick();
    expect(container.innerHTML).toBe('<p>ready</p>');
    expect(client.listeners.size).toBe(1);
    app.unmount();
    expect(client.listeners.size).toBe(0);
  });
});
