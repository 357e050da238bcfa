import { mount } from '@vue/test-utils';
import {
  type CreateCredentialsClientOptions,
  CredentialsError,
  type ExchangeResult,
  type Transport,
  webIdentity,
} from '@web-identity/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h, nextTick } from 'vue';
import { createAwsCredentials, useAwsCredentials } from '../src/index.js';

// The real core client over a scripted transport and fake timers: what the adapter shows for each state
// the scheduler goes through.

const ROLE = 'arn:aws:iam::123456789012:role/PhotoUploader';
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const idToken = (sub = 'alice') => {
  const now = Math.floor(Date.now() / 1000);
  return `${b64({ alg: 'RS256' })}.${b64({ iss: 'https://idp.test', sub, aud: 'web-identity-demo', iat: now, exp: now + 3600 })}.c2ln`;
};

type Step = { lifetimeMs: number } | { fail: CredentialsError };

/** Answers each STS call after `delayMs` with the next scripted step (default: a one-hour credential). */
function scriptedTransport(delayMs = 50) {
  const script: Step[] = [];
  let calls = 0;
  const transport: Transport = {
    name: 'scripted',
    assumeRoleWithWebIdentity(input, opts) {
      calls++;
      const n = calls;
      const step = script.shift() ?? { lifetimeMs: 3_600_000 };
      return new Promise<ExchangeResult>((resolve, reject) => {
        const t = setTimeout(() => {
          if ('fail' in step) return reject(step.fail);
          const now = Date.now();
          resolve({
            accessKeyId: `ASIAREAL${String(n).padStart(8, '0')}`,
            secretAccessKey: `secret-${n}`,
            sessionToken: `session-${n}`,
            expiration: new Date(now + step.lifetimeMs),
            serverDate: new Date(now),
            identity: {
              assumedRoleArn: `arn:aws:sts::123456789012:assumed-role/PhotoUploader/${input.roleSessionName}`,
            },
          });
        }, delayMs);
        opts.signal.addEventListener('abort', () => {
          clearTimeout(t);
          reject(new CredentialsError('Aborted', 'aborted'));
        });
      });
    },
    cognitoGetId: () => Promise.reject(new Error('not used')),
    cognitoGetCredentialsForIdentity: () => Promise.reject(new Error('not used')),
    cognitoGetOpenIdToken: () => Promise.reject(new Error('not used')),
  };
  return {
    transport,
    script,
    get calls() {
      return calls;
    },
  };
}

function options(
  transport: Transport,
  user: { token: string | null },
  extra: Partial<CreateCredentialsClientOptions> = {},
): CreateCredentialsClientOptions {
  return {
    region: 'eu-west-1',
    source: webIdentity({ roleArn: ROLE }),
    getIdToken: () => user.token,
    transport,
    broadcastChannel: false,
    refreshBeforeExpiryMs: 5 * 60_000,
    minValidityMs: 60_000,
    ...extra,
  };
}

const Panel = defineComponent({
  setup() {
    const { status, credentials, error, exchangeCount, identity } = useAwsCredentials();
    return () =>
      h('p', [
        h('b', { class: 'status' }, status.value),
        h('i', { class: 'key' }, credentials.value?.accessKeyId ?? ''),
        h('u', { class: 'error' }, error.value?.code ?? ''),
        h('s', { class: 'count' }, String(exchangeCount.value)),
        h('em', { class: 'subject' }, identity.value?.subject ?? ''),
      ]);
  },
});

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('with the real core client', () => {
  it('50 components share one exchange, then one refresh per lifetime', async () => {
    const sts = scriptedTransport(50);
    sts.script.push({ lifetimeMs: 20 * 60_000 });
    const Many = defineComponent({
      setup: () => () => Array.from({ length: 50 }, (_, i) => h(Panel, { key: i })),
    });
    const w = mount(Many, {
      global: { plugins: [createAwsCredentials(options(sts.transport, { token: idToken() }))] },
    });
    await vi.advanceTimersByTimeAsync(50);
    const statuses = w.findAll('.status').map((s) => s.text());
    expect(statuses).toHaveLength(50);
    expect(new Set(statuses)).toEqual(new Set(['ready']));
    expect(new Set(w.findAll('.key').map((s) => s.text()))).toEqual(new Set(['ASIAREAL00000001']));
    expect(sts.calls).toBe(1);

    // The advisory window (5 min, plus up to 10 % jitter) before the 20-minute expiry: one refresh for all.
    await vi.advanceTimersByTimeAsync(15 * 60_000);
    await vi.advanceTimersByTimeAsync(50);
    expect(sts.calls).toBe(2);
    expect(new Set(w.findAll('.key').map((s) => s.text()))).toEqual(new Set(['ASIAREAL00000002']));
    expect(new Set(w.findAll('.count').map((s) => s.text()))).toEqual(new Set(['2']));
    w.unmount();
  });

  it('shows loading, ready, refreshing, ready-with-error, recovery and signed-out in turn', async () => {
    const sts = scriptedTransport(50);
    const user = { token: idToken() as string | null };
    sts.script.push({ lifetimeMs: 20 * 60_000 });
    let api!: ReturnType<typeof useAwsCredentials>;
    const Comp = defineComponent({
      setup() {
        api = useAwsCredentials();
        return () => h(Panel);
      },
    });
    const w = mount(Comp, { global: { plugins: [createAwsCredentials(options(sts.transport, user))] } });
    const status = () => w.get('.status').text();
    await nextTick();
    expect(status()).toBe('loading');
    await vi.advanceTimersByTimeAsync(50);
    expect(status()).toBe('ready');
    expect(w.get('.subject').text()).toBe('alice');
    const plannedRefresh = api.refreshAt.value!.getTime();
    expect(plannedRefresh).toBeLessThan(api.expiresAt.value!.getTime());

    // A background refresh that STS throttles: still usable, error shown, old key kept.
    sts.script.push({ fail: new CredentialsError('Throttled', 'Rate exceeded') });
    await vi.advanceTimersByTimeAsync(plannedRefresh - Date.now() + 1);
    expect(status()).toBe('refreshing');
    expect(w.get('.key').text()).toBe('ASIAREAL00000001');
    await vi.advanceTimersByTimeAsync(50);
    expect(status()).toBe('ready');
    expect(w.get('.error').text()).toBe('Throttled');
    expect(w.get('.key').text()).toBe('ASIAREAL00000001');
    expect(api.refreshAt.value).not.toBeNull(); // the backoff retry is planned

    // The backoff retry succeeds: new key, error cleared.
    sts.script.push({ lifetimeMs: 20 * 60_000 });
    await vi.advanceTimersByTimeAsync(api.refreshAt.value!.getTime() - Date.now() + 1);
    expect(status()).toBe('refreshing');
    await vi.advanceTimersByTimeAsync(50);
    expect(w.get('.key').text()).toBe('ASIAREAL00000003');
    expect(w.get('.error').text()).toBe('');
    expect(status()).toBe('ready');

    // Sign-out empties everything, and nothing is refreshed afterwards.
    user.token = null;
    api.signOut();
    await nextTick();
    expect(status()).toBe('signed-out');
    expect(w.get('.key').text()).toBe('');
    expect(w.get('.subject').text()).toBe('');
    await vi.advanceTimersByTimeAsync(60 * 60_000);
    expect(sts.calls).toBe(3);
    w.unmount();
  });

  it('shows error when the first exchange is refused, and ready after sign-in + refresh()', async () => {
    const sts = scriptedTransport(10);
    sts.script.push({
      fail: new CredentialsError('AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity'),
    });
    let api!: ReturnType<typeof useAwsCredentials>;
    const w = mount(
      defineComponent({
        setup() {
          api = useAwsCredentials();
          return () => h('p', api.status.value);
        },
      }),
      { global: { plugins: [createAwsCredentials(options(sts.transport, { token: idToken() }))] } },
    );
    await vi.advanceTimersByTimeAsync(10);
    expect(w.text()).toBe('error');
    expect(api.error.value?.code).toBe('AccessDenied');
    expect(api.credentials.value).toBeNull();
    // refresh() never rejects, even though the client's refresh() would.
    const done = api.refresh();
    await vi.advanceTimersByTimeAsync(10);
    await expect(done).resolves.toBeUndefined();
    expect(w.text()).toBe('ready');
    w.unmount();
  });

  it('stays signed-out without an ID token (no STS call) until the user signs in and refresh() runs', async () => {
    const sts = scriptedTransport(10);
    const user = { token: null as string | null };
    let api!: ReturnType<typeof useAwsCredentials>;
    const w = mount(
      defineComponent({
        setup() {
          api = useAwsCredentials();
          return () => h('p', api.status.value);
        },
      }),
      { global: { plugins: [createAwsCredentials(options(sts.transport, user))] } },
    );
    await vi.advanceTimersByTimeAsync(100);
    expect(w.text()).toBe('signed-out');
    expect(sts.calls).toBe(0);
    user.token = idToken('bob');
    const done = api.refresh();
    await vi.advanceTimersByTimeAsync(10);
    await done;
    expect(w.text()).toBe('ready');
    expect(api.identity.value?.subject).toBe('bob');
    expect(sts.calls).toBe(1);
    w.unmount();
  });

  it('disposes an options-created client with the app: no refresh after unmount', async () => {
    const sts = scriptedTransport(10);
    const plugin = createAwsCredentials(options(sts.transport, { token: idToken() }));
    const w = mount(Panel, { global: { plugins: [plugin] } });
    await vi.advanceTimersByTimeAsync(10);
    expect(w.get('.status').text()).toBe('ready');
    const created = plugin.client;
    w.unmount();
    await vi.advanceTimersByTimeAsync(2 * 60 * 60_000);
    expect(sts.calls).toBe(1);
    // A later install starts from a new client.
    expect(plugin.client).not.toBe(created);
  });
});
