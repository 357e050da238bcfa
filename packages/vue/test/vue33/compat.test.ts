import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createApp, defineComponent, effectScope, h, nextTick, version } from 'vue';
import { createAwsCredentials, useAwsClient, useAwsCredentials } from '../../src/index.js';
import { FakeClient } from '../fakeClient.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

class FakeSdkClient {
  destroyed = false;
  constructor(readonly config: Record<string, unknown>) {}
  destroy(): void {
    this.destroyed = true;
  }
}

describe(`on Vue ${version}`, () => {
  it('runs on the lowest supported minor', () => {
    expect(version.startsWith('3.3.')).toBe(true);
  });

  it('plugin + composable: renders each status, unsubscribes and destroys SDK clients on unmount', async () => {
    const client = new FakeClient({ exchangeMs: 10 });
    let sdk!: FakeSdkClient;
    const App = defineComponent({
      setup() {
        const { status, credentials } = useAwsCredentials();
        sdk = useAwsClient(FakeSdkClient, { region: 'eu-west-1' });
        return () => h('p', `${status.value}:${credentials.value?.accessKeyId ?? ''}`);
      },
    });
    const el = document.createElement('div');
    // Vue 3.3 has no app.onUnmount: the plugin wraps app.unmount instead.
    const app = createApp(App).use(createAwsCredentials(client));
    app.mount(el);
    await nextTick();
    expect(el.textContent).toBe('loading:');
    await vi.advanceTimersByTimeAsync(10);
    expect(el.textContent).toBe('ready:ASIAFAKE00000001');
    expect(sdk.config.credentials).toBe(client.provider);
    client.signOut();
    await nextTick();
    expect(el.textContent).toBe('signed-out:');
    app.unmount();
    expect(client.listeners.size).toBe(0);
    expect(sdk.destroyed).toBe(true);
    expect(client.disposed).toBe(false);
  });

  it('effectScope + app.runWithContext, readonly refs, and the injection-context error', () => {
    const client = new FakeClient();
    const app = createApp({ render: () => null }).use(createAwsCredentials(client));
    const scope = effectScope();
    const api = app.runWithContext(() => scope.run(() => useAwsCredentials())!);
    expect(client.listeners.size).toBe(1);
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    (api.status as { value: string }).value = 'ready';
    expect(api.status.value).toBe('loading');
    scope.stop();
    expect(client.listeners.size).toBe(0);
    expect(() => useAwsCredentials()).toThrow(/outside an injection context/);
  });
});
