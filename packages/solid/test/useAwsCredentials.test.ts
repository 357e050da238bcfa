import { SNAPSHOT_FIELDS } from '@web-identity/core/internal';
import { createComponent, createRoot, createSignal } from 'solid-js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  AwsCredentialsProvider,
  type CreateCredentialsClientOptions,
  CredentialsError,
  useAwsCredentials,
  webIdentity,
} from '../src/index.js';
import { FakeClient } from './fakeClient.js';
import { Probe, renderProbes } from './harness.js';

const ROLE = 'arn:aws:iam::123456789012:role/PhotoUploader';

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('useAwsCredentials()', () => {
  it('gives one accessor per snapshot field, follows the client, and three consumers share one exchange', async () => {
    vi.useFakeTimers();
    const client = new FakeClient({ exchangeMs: 10, lifetimeMs: 60_000, refreshBeforeMs: 20_000 });
    const view = renderProbes({ client }, 3);
    expect(view.text()).toEqual(Array(3).fill('[loading|||0]'));
    expect(client.listeners.size).toBe(3);
    await vi.advanceTimersByTimeAsync(10);
    expect(view.text()).toEqual(Array(3).fill('[ready|ASIAFAKE00000001|alice|1]'));
    expect(client.exchangesStarted).toBe(1);

    const api = view.apis[0]!;
    for (const field of SNAPSHOT_FIELDS) expect(api[field]()).toBe(client.getSnapshot()[field]);
    expect(api.snapshot()).toBe(client.getSnapshot());
    expect(api.provider).toBe(client.provider);

    // The client's own scheduled refresh shows up; the adapter decides nothing about it.
    await vi.advanceTimersByTimeAsync(40_000 + 10);
    expect(view.text()[0]).toBe('[ready|ASIAFAKE00000002|alice|2]');

    view.dispose();
    expect(client.listeners.size).toBe(0);
    expect(client.disposed).toBe(false); // a client passed in belongs to the caller
  });

  it('hands out refresh and signOut that never reject or throw', async () => {
    vi.useFakeTimers();
    const client = new FakeClient({ exchangeMs: 10 });
    const view = renderProbes({ client });
    await vi.advanceTimersByTimeAsync(10);
    const api = view.apis[0]!;
    client.failNext.push(new CredentialsError('Throttled', 'slow down'));
    const refreshed = api.refresh(new Event('click'));
    await vi.advanceTimersByTimeAsync(10);
    await expect(refreshed).resolves.toBeUndefined();
    expect(api.error()?.code).toBe('Throttled');
    expect(api.status()).toBe('ready');
    client.refresh = () => {
      throw new Error('synchronous failure');
    };
    await expect(api.refresh()).resolves.toBeUndefined();
    api.signOut(new Event('click'));
    expect(view.text()).toEqual(['[signed-out|||1]']);
    view.dispose();
  });

  it('creates a client from options and disposes it with the provider', async () => {
    const getIdToken = vi.fn(async () => null);
    const view = renderProbes({
      options: { region: 'eu-west-1', source: webIdentity({ roleArn: ROLE }), getIdToken },
    });
    await vi.waitFor(() => expect(getIdToken).toHaveBeenCalled());
    await vi.waitFor(() => expect(view.text()).toEqual(['[signed-out|||0]']));
    const client = view.apis[0]!.client;
    view.dispose();
    await expect(client.getCredentials()).rejects.toMatchObject({ code: 'Aborted' });
  });

  it('reads options once: a later change keeps the client and warns in development', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const base = {
      region: 'eu-west-1',
      source: webIdentity({ roleArn: ROLE }),
      getIdToken: async () => null,
    };
    const [options, setOptions] = createSignal<CreateCredentialsClientOptions>(base);
    const clients: unknown[] = [];
    const dispose = createRoot((d) => {
      createComponent(AwsCredentialsProvider, {
        get options() {
          return options();
        },
        get children() {
          clients.push(useAwsCredentials().client);
          return null;
        },
      });
      return d;
    });
    expect(warn).not.toHaveBeenCalled();
    setOptions({ ...base, region: 'us-east-1' });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('changed after the client was created'));
    expect(clients).toHaveLength(1);
    dispose();
  });

  it('says how to fix a missing provider', () => {
    expect(() => createRoot(() => createComponent(Probe, {}))).toThrow(/<AwsCredentialsProvider client=/);
  });

  it('works outside a provider with a client, ending its subscription with the root', () => {
    const client = new FakeClient({ exchangeMs: 10 });
    const dispose = createRoot((d) => {
      expect(useAwsCredentials(client).status()).toBe('loading');
      return d;
    });
    expect(client.listeners.size).toBe(1);
    dispose();
    expect(client.listeners.size).toBe(0);
  });
});
