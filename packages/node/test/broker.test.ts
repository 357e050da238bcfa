import type { CredentialsSource, ExchangeResult } from '@web-identity/core';
import { CredentialsError } from '@web-identity/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { memoryCache } from '../src/broker/cache.js';
import { createCredentialsBroker } from '../src/broker/credentialsBroker.js';
import { toHttpProblem } from '../src/http/problems.js';
import type { TokenExtractor } from '../src/types.js';

// Unit tests: a fake extractor that "verifies" `user:<sub>` tokens and a fake source; fake time.
const extractor: TokenExtractor = {
  kind: 'header',
  extract: (req) => (req.headers['x-user'] as string | undefined) ?? null,
  verify: async (token) => ({
    subject: token.slice(5),
    issuer: 'https://idp',
    claims: { sub: token.slice(5) },
  }),
};

function fakeSource(lifetimeMs = 3_600_000) {
  const calls: string[] = [];
  let fail: CredentialsError | null = null;
  let gate: Promise<void> | null = null;
  const source: CredentialsSource = {
    kind: 'fake',
    async exchange(token): Promise<ExchangeResult> {
      calls.push(token);
      if (gate) await gate;
      if (fail) throw fail;
      const n = calls.length;
      return {
        accessKeyId: `ASIA${n}`,
        secretAccessKey: `secret-${token}-${n}`,
        sessionToken: `session-${n}`,
        expiration: new Date(Date.now() + lifetimeMs),
      };
    },
  };
  return {
    source,
    calls,
    failWith: (e: CredentialsError | null) => {
      fail = e;
    },
    hold: () => {
      let release!: () => void;
      gate = new Promise((r) => {
        release = r;
      });
      return () => {
        gate = null;
        release();
      };
    },
  };
}

const req = (user?: string) => ({ headers: user ? { 'x-user': `user:${user}` } : {} });

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('createCredentialsBroker', () => {
  it('shares one exchange among concurrent requests of one identity and caches it', async () => {
    const fake = fakeSource();
    const broker = createCredentialsBroker({ region: 'eu-west-1', source: fake.source, token: extractor });
    const release = fake.hold();
    const pending = Promise.all(Array.from({ length: 50 }, () => broker.forRequest(req('alice'))));
    await vi.advanceTimersByTimeAsync(0);
    release();
    const results = await pending;
    expect(fake.calls).toHaveLength(1);
    expect(new Set(results.map((r) => r?.credentials.accessKeyId))).toEqual(new Set(['ASIA1']));
    await broker.forRequest(req('alice'));
    expect(fake.calls).toHaveLength(1);
    await broker.forRequest(req('bob'));
    expect(fake.calls).toHaveLength(2);
  });

  it('refreshes in the background inside the advisory window and blocks inside the mandatory one', async () => {
    const fake = fakeSource(3_600_000);
    const broker = createCredentialsBroker({ region: 'eu-west-1', source: fake.source, token: extractor });
    const first = await broker.forRequest(req('alice'));
    // 4 minutes before expiry: advisory (5 min) but not mandatory (1 min)
    vi.setSystemTime(Date.now() + 3_600_000 - 4 * 60_000);
    const release = fake.hold();
    const during = await broker.forRequest(req('alice'));
    expect(during?.credentials.accessKeyId).toBe(first?.credentials.accessKeyId); // old keys, no wait
    expect(fake.calls).toHaveLength(2); // background refresh started
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect((await broker.forRequest(req('alice')))?.credentials.accessKeyId).toBe('ASIA2');
    // 30 s before expiry of the second set: mandatory, the request waits for a new exchange
    vi.setSystemTime(Date.now() + 3_600_000 - 30_000);
    const blocked = await broker.forRequest(req('alice'));
    expect(blocked?.credentials.accessKeyId).toBe('ASIA3');
    expect(broker.stats().backgroundRefreshes).toBe(1);
  });

  it('keeps serving valid keys when a background refresh fails, and surfaces a mandatory failure', async () => {
    const fake = fakeSource(3_600_000);
    const broker = createCredentialsBroker({ region: 'eu-west-1', source: fake.source, token: extractor });
    await broker.forRequest(req('alice'));
    fake.failWith(new CredentialsError('Throttled', 'slow down'));
    vi.setSystemTime(Date.now() + 3_600_000 - 4 * 60_000);
    expect((await broker.forRequest(req('alice')))?.credentials.accessKeyId).toBe('ASIA1');
    await vi.advanceTimersByTimeAsync(0);
    vi.setSystemTime(Date.now() + 4 * 60_000 - 30_000);
    await expect(broker.forRequest(req('alice'))).rejects.toMatchObject({ code: 'Throttled' });
    fake.failWith(null);
    await vi.advanceTimersByTimeAsync(2_000); // the per-identity backoff after two failures
    expect((await broker.forRequest(req('alice')))?.credentials.accessKeyId).toMatch(/^ASIA/);
  });

  it('no token: NoIdentityToken, or null with credentialsRequired: false', async () => {
    const fake = fakeSource();
    const strict = createCredentialsBroker({ region: 'r', source: fake.source, token: extractor });
    await expect(strict.forRequest(req())).rejects.toMatchObject({ code: 'NoIdentityToken' });
    const lax = createCredentialsBroker({
      region: 'r',
      source: fake.source,
      token: extractor,
      credentialsRequired: false,
    });
    expect(await lax.forRequest(req())).toBeNull();
    expect(fake.calls).toHaveLength(0);
  });

  it('demands verify unless the extractor verifies, and keys unverified tokens by hash', async () => {
    const fake = fakeSource();
    expect(() => createCredentialsBroker({ region: 'r', source: fake.source })).toThrow(/verify/);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const forwarding = { ...fake.source, forwardsToken: true, exchange: fake.source.exchange };
    const broker = createCredentialsBroker({ region: 'r', source: forwarding, verify: false });
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const t1 = `${b64({ alg: 'RS256' })}.${b64({ sub: 'alice', aud: 'a', iat: 1 })}.sig1`;
    const t2 = `${b64({ alg: 'RS256' })}.${b64({ sub: 'alice', aud: 'a', iat: 1 })}.sig2`;
    await broker.forRequest({ headers: { authorization: `Bearer ${t1}` } });
    await broker.forRequest({ headers: { authorization: `Bearer ${t2}` } });
    // same claimed subject, different tokens: never shared
    expect(fake.calls).toHaveLength(2);
    createCredentialsBroker({ region: 'r', source: forwarding, verify: false });
    const said = warn.mock.calls.map((c) => String(c[0])).filter((m) => m.includes('verify: false'));
    expect(said.length).toBeLessThanOrEqual(1); // once per process
    expect(said.join('')).not.toMatch(/reach STS unverified/);
  });

  it('finding 1: verify: false is a Configuration error for a source that does not forward the token', () => {
    for (const source of [fakeSource().source, { ...fakeSource().source, forwardsToken: false }]) {
      expect(() => createCredentialsBroker({ region: 'r', source, verify: false })).toThrow(
        expect.objectContaining({
          code: 'Configuration',
          message: expect.stringContaining('verify: false is refused'),
        }),
      );
    }
    // An extractor that verifies (the ALB header) needs no verify options at all.
    expect(() =>
      createCredentialsBroker({ region: 'r', source: fakeSource().source, token: extractor, verify: false }),
    ).not.toThrow();
  });

  it('finding 1: the verify: false warning is printed in production too', async () => {
    vi.resetModules();
    const env = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const fresh = await import('../src/broker/credentialsBroker.js');
      const source = { ...fakeSource().source, forwardsToken: true };
      fresh.createCredentialsBroker({ region: 'r', source, verify: false });
      fresh.createCredentialsBroker({ region: 'r', source, verify: false });
      const said = warn.mock.calls.map((c) => String(c[0])).filter((m) => m.includes('verify: false'));
      expect(said).toHaveLength(1);
      expect(said[0]).toMatch(/AWS verifies each one/);
    } finally {
      process.env.NODE_ENV = env;
      warn.mockRestore();
    }
  });

  it('req.aws.provider returns refreshed keys once the current ones enter the mandatory window', async () => {
    const fake = fakeSource(3_600_000);
    const broker = createCredentialsBroker({ region: 'r', source: fake.source, token: extractor });
    const aws = await broker.forRequest(req('alice'));
    expect((await aws!.provider()).accessKeyId).toBe('ASIA1');
    vi.setSystemTime(Date.now() + 3_600_000 - 30_000);
    expect((await aws!.provider()).accessKeyId).toBe('ASIA2');
  });

  it('backs off per identity after a retryable failure: 503 + Retry-After, no extra exchange', async () => {
    const fake = fakeSource();
    const broker = createCredentialsBroker({ region: 'r', source: fake.source, token: extractor });
    fake.failWith(new CredentialsError('Throttled', 'slow down'));
    await expect(broker.forRequest(req('alice'))).rejects.toMatchObject({ code: 'Throttled' });
    const during = await broker.forRequest(req('alice')).catch((e: unknown) => e);
    expect(fake.calls).toHaveLength(1);
    expect(toHttpProblem(during).headers['retry-after']).toBe('1');
    await vi.advanceTimersByTimeAsync(1_000);
    await expect(broker.forRequest(req('alice'))).rejects.toMatchObject({ code: 'Throttled' });
    expect(fake.calls).toHaveLength(2);
    expect(
      toHttpProblem(await broker.forRequest(req('alice')).catch((e: unknown) => e)).headers['retry-after'],
    ).toBe('2'); // doubled
    await broker.forRequest(req('bob')).catch(() => {}); // other identities are not held back
    expect(fake.calls).toHaveLength(3);
    fake.failWith(null);
    await vi.advanceTimersByTimeAsync(2_000);
    expect((await broker.forRequest(req('alice')))?.identity.subject).toBe('alice');
    expect(fake.calls).toHaveLength(4);
  });

  it('non-retryable failures are not held back', async () => {
    const fake = fakeSource();
    const broker = createCredentialsBroker({ region: 'r', source: fake.source, token: extractor });
    fake.failWith(new CredentialsError('AccessDenied', 'no'));
    await expect(broker.forRequest(req('alice'))).rejects.toMatchObject({ code: 'AccessDenied' });
    await expect(broker.forRequest(req('alice'))).rejects.toMatchObject({ code: 'AccessDenied' });
    expect(fake.calls).toHaveLength(2);
  });

  it('authenticate() never exposes the token to JSON', async () => {
    const broker = createCredentialsBroker({ region: 'r', source: fakeSource().source, token: extractor });
    const auth = await broker.authenticate(req('alice'));
    expect(auth?.token).toBe('user:alice');
    expect(JSON.stringify(auth)).not.toContain('user:alice');
  });

  it('respects the cache bound', async () => {
    const fake = fakeSource();
    const cache = memoryCache({ maxEntries: 5 });
    const broker = createCredentialsBroker({ region: 'r', source: fake.source, token: extractor, cache });
    for (let i = 0; i < 20; i++) await broker.forRequest(req(`u${i}`));
    expect(cache.size).toBe(5);
    await broker.forRequest(req('u0')); // evicted: exchanges again
    expect(fake.calls).toHaveLength(21);
    await broker.forRequest(req('u19')); // still cached
    expect(fake.calls).toHaveLength(21);
  });
});

/**
 * A clock that moves between two reads within one request: `steps[i]` ms are added at the i-th read after this
 * call (the last step repeats). A broker that judged one entry twice would see it on both sides of an edge.
 */
function movingClock(steps: number[]) {
  const base = Date.now();
  let reads = 0;
  return vi.spyOn(Date, 'now').mockImplementation(() => base + steps[Math.min(reads++, steps.length - 1)]!);
}

describe('freshness: one judgement per read', () => {
  it('req.aws.provider at the mandatory edge never hands back the keys it judged expired (the clock steps back)', async () => {
    const fake = fakeSource(3_600_000);
    const broker = createCredentialsBroker({ region: 'r', source: fake.source, token: extractor });
    const aws = (await broker.forRequest(req('alice')))!;
    vi.setSystemTime(aws.credentials.expiration!.getTime() - 60_000); // the mandatory instant (1 min)
    // The provider reads the edge itself; every later read is 1 ms earlier (an NTP step back, a VM resume).
    const clock = movingClock([0, -1]);
    const keys = await aws.provider();
    clock.mockRestore();
    expect(keys.accessKeyId).toBe('ASIA2'); // not ASIA1 served again as "stale"
    expect(fake.calls).toHaveLength(2); // one exchange, made for the caller
    expect(broker.stats().backgroundRefreshes).toBe(0); // and no second one in the background
  });

  it('a request just before the mandatory edge is served stale with one refresh, however the clock moves on', async () => {
    const fake = fakeSource(3_600_000);
    const broker = createCredentialsBroker({ region: 'r', source: fake.source, token: extractor });
    const first = (await broker.forRequest(req('alice')))!;
    vi.setSystemTime(first.credentials.expiration!.getTime() - 60_001);
    // Every read after the first is past the edge: a second judgement would call the entry expired.
    const clock = movingClock([0, 1]);
    const stale = (await broker.forRequest(req('alice')))!;
    clock.mockRestore();
    await vi.advanceTimersByTimeAsync(0);
    expect(stale.credentials.accessKeyId).toBe('ASIA1');
    expect(fake.calls).toHaveLength(2); // the one background refresh, no exchange for the request besides
    expect(broker.stats()).toMatchObject({ cacheHits: 1, backgroundRefreshes: 1, exchanges: 2 });
  });
});

describe('issue 22: whose keys these are (scope + identity)', () => {
  it('issue 22: a source without a scope shares its entries with no other source, and says so once', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const cache = memoryCache();
      const [a, b] = [fakeSource(), fakeSource()]; // two custom sources, no `scope`: nothing says they agree
      const brokerA = createCredentialsBroker({ region: 'r', source: a.source, token: extractor, cache });
      const brokerB = createCredentialsBroker({ region: 'r', source: b.source, token: extractor, cache });
      const keyA = (await brokerA.forRequest(req('alice')))?.credentials.accessKeyId;
      await brokerB.forRequest(req('alice'));
      expect([a.calls.length, b.calls.length]).toEqual([1, 1]);
      expect(cache.size).toBe(2);
      // The same source object is the same exchange: a second broker on it shares its entries.
      const again = createCredentialsBroker({ region: 'r', source: a.source, token: extractor, cache });
      expect((await again.forRequest(req('alice')))?.credentials.accessKeyId).toBe(keyA);
      expect(a.calls).toHaveLength(1);
      const warnings = warn.mock.calls.filter(([m]) => String(m).includes('without a scope'));
      expect(warnings).toHaveLength(1);
      expect(String(warnings[0]![0])).toMatch(/Set `scope` on the source/);
    } finally {
      warn.mockRestore();
    }
  });

  it('issue 22: a source’s scope, region and cacheNamespace are part of the key', async () => {
    const cache = memoryCache();
    const scoped = (scope: string) => ({ ...fakeSource().source, scope });
    const one = scoped('role-a');
    const brokers = [
      createCredentialsBroker({ region: 'r', source: one, token: extractor, cache }),
      createCredentialsBroker({ region: 'r', source: scoped('role-a'), token: extractor, cache }), // same scope
      createCredentialsBroker({ region: 'r', source: scoped('role-b'), token: extractor, cache }),
      createCredentialsBroker({ region: 'r2', source: one, token: extractor, cache }),
      createCredentialsBroker({ region: 'r', source: one, token: extractor, cache, cacheNamespace: 'x' }),
    ];
    for (const broker of brokers) await broker.forRequest(req('alice'));
    expect(cache.size).toBe(4); // the second broker names the first one's scope: it shares the entry
  });
});
