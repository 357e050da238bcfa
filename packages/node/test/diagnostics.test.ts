import { subscribe, tracingChannel, unsubscribe } from 'node:diagnostics_channel';
import type { CredentialsSource, ExchangeResult } from '@web-identity/core';
import { CredentialsError } from '@web-identity/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { memoryCache } from '../src/broker/cache.js';
import { createCredentialsBroker } from '../src/broker/credentialsBroker.js';
import { CACHE_CHANNEL, type CacheLookup, EXCHANGE_CHANNEL, type ExchangeTrace } from '../src/index.js';
import type { TokenExtractor } from '../src/types.js';

// Unit tests of the diagnostics channels: a fake extractor and source, fake time.
const extractor: TokenExtractor = {
  kind: 'header',
  extract: (req) => (req.headers['x-user'] as string | undefined) ?? null,
  verify: async (token) => ({
    subject: token.slice(5),
    issuer: 'https://idp',
    claims: { sub: token.slice(5) },
  }),
};
const req = (user: string) => ({ headers: { 'x-user': `user:${user}` } });

let failNext: CredentialsError | null = null;
const source: CredentialsSource = {
  kind: 'fake',
  async exchange(token): Promise<ExchangeResult> {
    if (failNext) {
      const e = failNext;
      failNext = null;
      throw e;
    }
    return {
      accessKeyId: 'ASIAFAKE',
      secretAccessKey: `secret-of-${token}`,
      sessionToken: `session-of-${token}`,
      expiration: new Date(Date.now() + 3_600_000),
    };
  },
};

const events: { channel: string; name: string; message: unknown }[] = [];
const traced = tracingChannel<unknown, ExchangeTrace>(EXCHANGE_CHANNEL);
const handlers = Object.fromEntries(
  ['start', 'end', 'asyncStart', 'asyncEnd', 'error'].map((name) => [
    name,
    (message: unknown) =>
      events.push({ channel: EXCHANGE_CHANNEL, name, message: { ...(message as object) } }),
  ]),
) as unknown as Parameters<typeof traced.subscribe>[0];
const onLookup = (message: unknown) => events.push({ channel: CACHE_CHANNEL, name: 'lookup', message });

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-06-01T12:00:00Z') });
  events.length = 0;
  traced.subscribe(handlers);
  subscribe(CACHE_CHANNEL, onLookup);
});
afterEach(() => {
  traced.unsubscribe(handlers);
  unsubscribe(CACHE_CHANNEL, onLookup);
  vi.useRealTimers();
});

const lookups = () =>
  events.filter((e) => e.channel === CACHE_CHANNEL).map((e) => (e.message as CacheLookup).result);
const traces = (name: string) =>
  events
    .filter((e) => e.channel === EXCHANGE_CHANNEL && e.name === name)
    .map((e) => e.message as ExchangeTrace);

describe('diagnostics channels', () => {
  it('a look-up is a miss, then hits, then stale inside the advisory window with one background exchange', async () => {
    const broker = createCredentialsBroker({
      region: 'eu-west-1',
      source,
      token: extractor,
      cache: memoryCache(),
    });
    await broker.forRequest(req('alice'));
    await broker.forRequest(req('alice'));
    expect(broker.peek?.(req('alice'))).toBeUndefined(); // the extractor verifies: no synchronous path
    vi.advanceTimersByTime(56 * 60_000); // 4 min left: inside the 5 min advisory window
    await broker.forRequest(req('alice'));
    await vi.advanceTimersByTimeAsync(0);
    expect(lookups()).toEqual(['miss', 'hit', 'stale']);
    expect(
      events
        .filter((e) => e.channel === CACHE_CHANNEL)
        .every((e) => (e.message as CacheLookup).store === 'memory'),
    ).toBe(true);
    expect(traces('start').map((t) => t.trigger)).toEqual(['request', 'background']);
    expect(traces('asyncEnd').map((t) => t.result)).toEqual([
      { lifetimeSeconds: 3600 },
      { lifetimeSeconds: 3600 },
    ]);
    expect(traces('start')[0]).toMatchObject({ source: 'fake', region: 'eu-west-1' });
  });

  it('a failed exchange publishes error with its CredentialsError; no message names the user or a secret', async () => {
    const broker = createCredentialsBroker({ region: 'eu-west-1', source, token: extractor });
    failNext = new CredentialsError('Throttled', 'Rate exceeded');
    await expect(broker.forRequest(req('bob'))).rejects.toMatchObject({ code: 'Throttled' });
    expect(traces('error')).toHaveLength(1);
    expect((traces('error')[0]!.error as CredentialsError).code).toBe('Throttled');
    vi.advanceTimersByTime(60_000);
    await broker.forRequest(req('bob'));
    const all = JSON.stringify(
      events.map((e) => ({ ...e, message: { ...(e.message as object), error: undefined } })),
    );
    for (const secret of ['bob', 'secret-of', 'session-of', 'user:']) expect(all).not.toContain(secret);
  });

  it('a store without a name is reported as custom', async () => {
    const map = new Map();
    const cache = {
      get: (k: string) => map.get(k),
      set: (k: string, v: unknown) => void map.set(k, v),
      delete: (k: string) => void map.delete(k),
    };
    const broker = createCredentialsBroker({ region: 'eu-west-1', source, token: extractor, cache });
    await broker.forRequest(req('carol'));
    expect(events.find((e) => e.channel === CACHE_CHANNEL)?.message).toEqual({
      result: 'miss',
      store: 'custom',
    });
  });
});
