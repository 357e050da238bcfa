// The optional store hooks a shared store (e.g. @web-identity/redis) plugs into: the broker's windows and
// logger on every call (`StoreContext`), a fleet lock around each exchange (`lock`), and a synchronous look-up of
// the store's own memory layer (`peek`). Fake source and extractor; fake time.
import type { CredentialsSource, ExchangeResult } from '@web-identity/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { memoryCache } from '../src/broker/cache.js';
import { createCredentialsBroker } from '../src/broker/credentialsBroker.js';
import type { CacheEntry, CredentialsStore, StoreContext } from '../src/store.js';
import type { TokenExtractor } from '../src/types.js';

const extractor: TokenExtractor = {
  kind: 'header',
  extract: (req) => (req.headers['x-user'] as string | undefined) ?? null,
  verify: async (token) => ({ subject: token, issuer: 'https://idp', claims: { sub: token } }),
};
const req = (user: string) => ({ headers: { 'x-user': user } });

function fakeSource() {
  const calls: string[] = [];
  const source: CredentialsSource = {
    kind: 'fake',
    async exchange(token): Promise<ExchangeResult> {
      calls.push(token);
      return {
        accessKeyId: `ASIA${calls.length}`,
        secretAccessKey: `secret-${calls.length}`,
        sessionToken: `session-${calls.length}`,
        expiration: new Date(Date.now() + 3_600_000),
      };
    },
  };
  return { source, calls };
}

/** A store over a memory cache that records what the broker hands it. */
function recordingStore(lock?: CredentialsStore['lock']) {
  const inner = memoryCache();
  const contexts: (StoreContext | undefined)[] = [];
  const store: CredentialsStore = {
    name: 'recording',
    get(key, context) {
      contexts.push(context);
      return inner.get(key);
    },
    set(key, entry, context) {
      contexts.push(context);
      inner.set(key, entry);
    },
    delete: (key) => inner.delete(key),
    peek: (key) => inner.get(key),
    ...(lock ? { lock } : {}),
  };
  return { store, inner, contexts };
}

const brokerOn = (fake: ReturnType<typeof fakeSource>, store: CredentialsStore, extra = {}) =>
  createCredentialsBroker({
    region: 'eu-west-1',
    source: fake.source,
    token: extractor,
    cache: store,
    ...extra,
  });

const peerEntry = (subject: string): CacheEntry => ({
  accessKeyId: 'ASIAPEER',
  secretAccessKey: 'peer-secret',
  sessionToken: 'peer-session',
  expiresAt: Date.now() + 3_600_000,
  obtainedAt: Date.now(),
  identity: { subject, provider: 'https://idp' },
});

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('store hooks', () => {
  it("hands the store the broker's windows (core's refreshWindows) and logger", async () => {
    const fake = fakeSource();
    const { store, contexts } = recordingStore();
    const b = brokerOn(fake, store, { refreshBeforeExpiryMs: 10 * 60_000, minValidityMs: 2 * 60_000 });
    await b.forRequest(req('alice'));
    const context = contexts.find(Boolean)!;
    expect(contexts.every((c) => c === context)).toBe(true); // one object per broker
    const entry = peerEntry('alice');
    expect(entry.expiresAt - context.advisoryAt(entry)).toBe(10 * 60_000);
    expect(entry.expiresAt - context.mandatoryAt(entry)).toBe(2 * 60_000);
    expect(typeof context.log).toBe('function');
  });

  it('a lock that answers with a peer entry saves the exchange; otherwise release follows the exchange', async () => {
    const fake = fakeSource();
    const events: string[] = [];
    let peer: CacheEntry | undefined = peerEntry('alice');
    const { store } = recordingStore(async (_key, { usable }) => {
      events.push('lock');
      if (peer && usable(peer)) return { entry: peer };
      return { release: () => void events.push('release') };
    });
    const broker = brokerOn(fake, store);
    expect((await broker.forRequest(req('alice')))?.credentials.accessKeyId).toBe('ASIAPEER');
    expect(fake.calls).toHaveLength(0);
    peer = undefined;
    expect((await broker.forRequest(req('bob')))?.credentials.accessKeyId).toBe('ASIA1');
    expect(events).toEqual(['lock', 'lock', 'release']);
    expect(broker.stats().exchanges).toBe(1);
  });

  it("a background refresh does not take a peer's entry that is itself due for refresh", async () => {
    const fake = fakeSource();
    const offered: boolean[] = [];
    const { store, inner } = recordingStore(async (_key, { usable }) => {
      // An hour-long entry 4 minutes before its expiry: inside the advisory window, outside the mandatory one.
      const stale = {
        ...peerEntry('alice'),
        expiresAt: Date.now() + 4 * 60_000,
        obtainedAt: Date.now() - 56 * 60_000,
      };
      offered.push(usable(stale));
      return { release() {} };
    });
    const broker = brokerOn(fake, store);
    await broker.forRequest(req('alice')); // a miss: the stale peer entry is usable for a caller with nothing
    vi.setSystemTime(Date.now() + 3_600_000 - 4 * 60_000);
    await broker.forRequest(req('alice')); // advisory: background refresh
    await vi.advanceTimersByTimeAsync(0);
    expect(offered).toEqual([true, false]);
    expect(fake.calls).toHaveLength(2);
    expect(inner.size).toBe(1);
  });

  it('a lock that throws means a direct exchange, never a failed request', async () => {
    const fake = fakeSource();
    const { store } = recordingStore(async () => {
      throw new Error('store down');
    });
    const broker = brokerOn(fake, store);
    expect((await broker.forRequest(req('alice')))?.credentials.accessKeyId).toBe('ASIA1');
  });

  it("an entry naming another subject is a miss, whatever the store's key says", async () => {
    const fake = fakeSource();
    const { store, inner } = recordingStore();
    const broker = brokerOn(fake, store);
    await broker.forRequest(req('alice'));
    // Overwrite alice's entry with bob's credentials under alice's key.
    const aliceKey = (await broker.authenticate(req('alice')))!.key;
    inner.set(aliceKey, peerEntry('bob'));
    const answer = await broker.forRequest(req('alice'));
    expect(answer?.credentials.accessKeyId).toBe('ASIA2');
  });
});
