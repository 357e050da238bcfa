import { mount } from '@vue/test-utils';
import { CredentialsError } from '@web-identity/core';
import { SNAPSHOT_FIELDS } from '@web-identity/core/internal';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createApp, defineComponent, effectScope, h, nextTick } from 'vue';
import { createAwsCredentials, type UseAwsCredentialsReturn, useAwsCredentials } from '../src/index.js';
import { FakeClient } from './fakeClient.js';

const Panel = defineComponent({
  setup() {
    const { status, credentials, error, identity, exchangeCount, refreshAt } = useAwsCredentials();
    return () =>
      h('div', [
        h('span', { 'data-testid': 'status' }, status.value),
        h('span', { 'data-testid': 'key' }, credentials.value?.accessKeyId ?? ''),
        h('span', { 'data-testid': 'error' }, error.value?.code ?? ''),
        h('span', { 'data-testid': 'subject' }, identity.value?.subject ?? ''),
        h('span', { 'data-testid': 'count' }, String(exchangeCount.value)),
        h('span', { 'data-testid': 'refresh-at' }, refreshAt.value?.toISOString() ?? ''),
      ]);
  },
});

function mountPanel(client: FakeClient) {
  return mount(Panel, { global: { plugins: [createAwsCredentials(client)] } });
}

const text = (w: ReturnType<typeof mountPanel>, id: string) => w.get(`[data-testid="${id}"]`).text();

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('useAwsCredentials()', () => {
  it("has one readonly ref per field of core's snapshot (its SNAPSHOT_FIELDS), following it", async () => {
    const client = new FakeClient({ exchangeMs: 100, lifetimeMs: 60_000, refreshBeforeMs: 20_000 });
    const scope = effectScope();
    const state = scope.run(() => useAwsCredentials(client))!;
    void client.getCredentials();
    await vi.advanceTimersByTimeAsync(100);
    const snapshot = client.getSnapshot();
    expect(snapshot.status).toBe('ready');
    for (const k of SNAPSHOT_FIELDS) expect(state[k].value, k).toBe(snapshot[k]);
    scope.stop();
  });

  it('walks through every status the client reports, re-rendering each time', async () => {
    const client = new FakeClient({ exchangeMs: 100, lifetimeMs: 60_000, refreshBeforeMs: 20_000 });
    const w = mountPanel(client);
    await nextTick();
    // Subscribing starts the session: loading, no keys yet.
    expect(text(w, 'status')).toBe('loading');
    expect(text(w, 'key')).toBe('');

    await vi.advanceTimersByTimeAsync(100);
    expect(text(w, 'status')).toBe('ready');
    expect(text(w, 'key')).toBe('ASIAFAKE00000001');
    expect(text(w, 'subject')).toBe('alice');
    expect(text(w, 'count')).toBe('1');
    expect(text(w, 'refresh-at')).toBe(client.getSnapshot().refreshAt!.toISOString());

    // The client's own timer starts a background refresh: keys stay usable while it is in flight.
    await vi.advanceTimersByTimeAsync(40_000);
    expect(text(w, 'status')).toBe('refreshing');
    expect(text(w, 'key')).toBe('ASIAFAKE00000001');

    await vi.advanceTimersByTimeAsync(100);
    expect(text(w, 'status')).toBe('ready');
    expect(text(w, 'key')).toBe('ASIAFAKE00000002');
    expect(text(w, 'count')).toBe('2');

    // A failing background refresh keeps the old keys and shows the error next to `ready`.
    client.failNext.push(new CredentialsError('Throttled', 'STS is throttling requests; retrying.'));
    await vi.advanceTimersByTimeAsync(40_000);
    expect(text(w, 'status')).toBe('refreshing');
    await vi.advanceTimersByTimeAsync(100);
    expect(text(w, 'status')).toBe('ready');
    expect(text(w, 'error')).toBe('Throttled');
    expect(text(w, 'key')).toBe('ASIAFAKE00000002');

    // The next success clears the error.
    const next = client.refresh();
    await vi.advanceTimersByTimeAsync(100);
    await next;
    expect(text(w, 'error')).toBe('');
    expect(text(w, 'count')).toBe('3');

    client.signOut();
    await nextTick();
    expect(text(w, 'status')).toBe('signed-out');
    expect(text(w, 'key')).toBe('');
    expect(text(w, 'subject')).toBe('');
    w.unmount();
  });

  it('shows error when the first exchange fails, then ready after refresh()', async () => {
    const client = new FakeClient({ exchangeMs: 50 });
    client.failNext.push(new CredentialsError('AccessDenied', 'The role does not trust this IdP.'));
    let api!: UseAwsCredentialsReturn;
    const w = mount(
      defineComponent({
        setup() {
          api = useAwsCredentials();
          return () => h('p', api.status.value);
        },
      }),
      { global: { plugins: [createAwsCredentials(client)] } },
    );
    await vi.advanceTimersByTimeAsync(50);
    expect(w.text()).toBe('error');
    expect(api.error.value?.code).toBe('AccessDenied');
    expect(api.credentials.value).toBeNull();

    const done = api.refresh();
    await nextTick();
    expect(w.text()).toBe('loading');
    await vi.advanceTimersByTimeAsync(50);
    await expect(done).resolves.toBeUndefined();
    expect(w.text()).toBe('ready');
    expect(api.error.value).toBeNull();
    w.unmount();
  });

  it('hands out refresh/signOut that ignore their arguments and never reject', async () => {
    const client = new FakeClient({ exchangeMs: 10 });
    client.failNext.push(new CredentialsError('Network', 'No response from STS.'));
    const refreshSpy = vi.spyOn(client, 'refresh');
    const scope = effectScope();
    const api = scope.run(() => useAwsCredentials(client))!;
    await vi.advanceTimersByTimeAsync(10); // first exchange fails
    client.failNext.push(new CredentialsError('Network', 'No response from STS.'));
    const result = api.refresh(new MouseEvent('click'));
    await vi.advanceTimersByTimeAsync(10);
    await expect(result).resolves.toBeUndefined();
    expect(refreshSpy).toHaveBeenCalledWith();
    expect(api.status.value).toBe('error');

    vi.spyOn(client, 'signOut').mockImplementation(() => {
      throw new Error('boom');
    });
    expect(() => api.signOut(new MouseEvent('click'))).not.toThrow();
    scope.stop();
  });

  it('returns readonly refs: assigning does not change the value', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const client = new FakeClient();
    const scope = effectScope();
    const api = scope.run(() => useAwsCredentials(client))!;
    (api.status as { value: string }).value = 'ready';
    expect(api.status.value).toBe('loading');
    scope.stop();
  });

  it('passes the client’s credentials object itself, not a copy or a proxy', async () => {
    const client = new FakeClient({ exchangeMs: 10 });
    const scope = effectScope();
    const api = scope.run(() => useAwsCredentials(client))!;
    await vi.advanceTimersByTimeAsync(10);
    expect(api.credentials.value).toBe(client.getSnapshot().credentials);
    expect(api.snapshot.value).toBe(client.getSnapshot());
    expect(api.provider).toBe(client.provider);
    scope.stop();
  });

  it('unsubscribes when the component unmounts', async () => {
    const client = new FakeClient();
    const w = mountPanel(client);
    expect(client.listeners.size).toBe(1);
    w.unmount();
    expect(client.listeners.size).toBe(0);
  });

  it('works inside effectScope() and unsubscribes when the scope stops', async () => {
    const client = new FakeClient({ exchangeMs: 10 });
    const scope = effectScope();
    const api = scope.run(() => useAwsCredentials(client))!;
    expect(client.listeners.size).toBe(1);
    await vi.advanceTimersByTimeAsync(10);
    expect(api.status.value).toBe('ready');
    scope.stop();
    expect(client.listeners.size).toBe(0);
    client.signOut();
    // No longer listening: the refs keep their last value.
    expect(api.status.value).toBe('ready');
  });

  it('injects the plugin’s client inside app.runWithContext() + effectScope()', async () => {
    const client = new FakeClient();
    const app = createApp({ render: () => null }).use(createAwsCredentials(client));
    const scope = effectScope();
    const api = app.runWithContext(() => scope.run(() => useAwsCredentials())!);
    expect(api.client).toBe(client);
    expect(client.listeners.size).toBe(1);
    scope.stop();
    expect(client.listeners.size).toBe(0);
  });

  it('outside an injection context, throws an error that names the fix', () => {
    expect(() => useAwsCredentials()).toThrow(
      /outside an injection context.*setup\(\).*useAwsCredentials\(client\)/s,
    );
  });

  it('without the plugin, throws an error that names app.use(createAwsCredentials(...))', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const Comp = defineComponent({
      setup() {
        useAwsCredentials();
        return () => null;
      },
    });
    expect(() => mount(Comp)).toThrow(/app\.use\(createAwsCredentials\(/);
  });

  it('warns in development when no scope can end the subscription', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const client = new FakeClient();
    useAwsCredentials(client);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('never ended'));
    client.dispose();
  });

  it('50 components share one exchange and one subscription each', async () => {
    const client = new FakeClient({ exchangeMs: 100 });
    const Many = defineComponent({
      setup: () => () => Array.from({ length: 50 }, (_, i) => h(Panel, { key: i })),
    });
    const w = mount(Many, { global: { plugins: [createAwsCredentials(client)] } });
    expect(client.listeners.size).toBe(50);
    await vi.advanceTimersByTimeAsync(100);
    const statuses = w.findAll('[data-testid="status"]').map((s) => s.text());
    expect(statuses).toHaveLength(50);
    expect(new Set(statuses)).toEqual(new Set(['ready']));
    expect(client.exchangesStarted).toBe(1);
    w.unmount();
    expect(client.listeners.size).toBe(0);
  });
});
