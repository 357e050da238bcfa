import { SNAPSHOT_FIELDS } from '@web-identity/core/internal';
import { flushSync, mount, unmount } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type AwsCredentialsState, CredentialsError, webIdentity } from '../src/index.js';
import { FakeClient } from './fakeClient.js';
import Host from './fixtures/Host.svelte';
import Orphan from './fixtures/Orphan.svelte';
import RunsHost from './fixtures/RunsHost.svelte';

const ROLE = 'arn:aws:iam::123456789012:role/PhotoUploader';

function render(props: Record<string, unknown>) {
  const target = document.createElement('div');
  const apis: AwsCredentialsState[] = [];
  const app = mount(Host, {
    target,
    props: { onApi: (a: unknown) => apis.push(a as AwsCredentialsState), ...props } as never,
  });
  const text = (selector = '.probe') => [...target.querySelectorAll(selector)].map((p) => p.textContent);
  return { target, apis, text, unmount: () => unmount(app) };
}

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('getAwsCredentials()', () => {
  it('shows one field per snapshot field, follows the client, and three consumers share one exchange', async () => {
    vi.useFakeTimers();
    const client = new FakeClient({ exchangeMs: 10, lifetimeMs: 60_000, refreshBeforeMs: 20_000 });
    const view = render({ input: client, probes: 3 });
    flushSync();
    expect(view.text()).toEqual(Array(3).fill('loading|||0'));
    expect(client.listeners.size).toBe(3);
    await vi.advanceTimersByTimeAsync(10);
    flushSync();
    expect(view.text()).toEqual(Array(3).fill('ready|ASIAFAKE00000001|alice|1'));
    expect(client.exchangesStarted).toBe(1);

    // Every field of core's snapshot is there, with the value the client holds.
    const api = view.apis[0]!;
    for (const field of SNAPSHOT_FIELDS) expect(api[field]).toBe(client.getSnapshot()[field]);
    expect(api.snapshot).toBe(client.getSnapshot());
    expect(api.provider).toBe(client.provider);

    // The client's scheduled refresh shows up without the adapter deciding anything.
    await vi.advanceTimersByTimeAsync(40_000 + 10);
    flushSync();
    expect(view.text()[0]).toBe('ready|ASIAFAKE00000002|alice|2');

    view.unmount();
    expect(client.listeners.size).toBe(0);
    expect(client.disposed).toBe(false); // a client passed in belongs to the caller
  });

  it('hands out refresh and signOut that never reject or throw', async () => {
    vi.useFakeTimers();
    const client = new FakeClient({ exchangeMs: 10 });
    const view = render({ input: client });
    flushSync();
    await vi.advanceTimersByTimeAsync(10);
    const api = view.apis[0]!;
    client.failNext.push(new CredentialsError('Throttled', 'slow down'));
    const refreshed = api.refresh(new Event('click'));
    await vi.advanceTimersByTimeAsync(10);
    await expect(refreshed).resolves.toBeUndefined();
    flushSync();
    expect(api.error?.code).toBe('Throttled');
    expect(api.status).toBe('ready');

    client.refresh = () => {
      throw new Error('synchronous failure');
    };
    await expect(api.refresh()).resolves.toBeUndefined();
    api.signOut(new Event('click'));
    flushSync();
    expect(view.text()).toEqual(['signed-out|||1']);
    expect(client.signOutCalls).toBe(1);
    view.unmount();
  });

  it('creates a client from options, and disposes it with the component that set it', async () => {
    const getIdToken = vi.fn(async () => null);
    const view = render({
      input: { region: 'eu-west-1', source: webIdentity({ roleArn: ROLE }), getIdToken },
    });
    flushSync();
    await vi.waitFor(() => {
      flushSync();
      expect(view.text()).toEqual(['signed-out|||0']);
    });
    expect(getIdToken).toHaveBeenCalled();
    const client = view.apis[0]!.client;
    view.unmount();
    await expect(client.getCredentials()).rejects.toMatchObject({ code: 'Aborted' });
  });

  it('re-runs a reader of one field only when that field changes', () => {
    const client = new FakeClient({ signedIn: false });
    const runs = { status: 0, snapshot: 0 };
    let api: AwsCredentialsState | undefined;
    const app = mount(RunsHost, {
      target: document.createElement('div'),
      props: { input: client, runs, onApi: (a: AwsCredentialsState) => (api = a) },
    });
    flushSync();
    const before = { ...runs };
    // A new snapshot object with the same fields: whole-snapshot readers re-run, a status reader does not.
    api!.signOut();
    flushSync();
    expect(api!.snapshot).toBe(client.getSnapshot());
    expect(runs.snapshot).toBe(before.snapshot + 1);
    expect(runs.status).toBe(before.status);
    unmount(app);
  });

  it('says how to fix a missing setAwsCredentials()', () => {
    const target = document.createElement('div');
    expect(() => mount(Orphan, { target })).toThrow(/setAwsCredentials\(options\)/);
  });
});

describe('getAwsCredentialsStore()', () => {
  it('starts signed out, follows the client a microtask later, and unsubscribes with the component', async () => {
    vi.useFakeTimers();
    const client = new FakeClient({ exchangeMs: 10 });
    const view = render({ input: client, probes: 0, store: true });
    expect(view.text('.store')).toEqual(['signed-out|']);
    await Promise.resolve();
    flushSync();
    expect(client.listeners.size).toBe(1);
    await vi.advanceTimersByTimeAsync(10);
    flushSync();
    expect(view.text('.store')).toEqual(['ready|alice']);
    view.unmount();
    expect(client.listeners.size).toBe(0);
  });
});
