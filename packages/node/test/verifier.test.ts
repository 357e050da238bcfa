import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type CryptoKey, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createJwtVerifier } from '../src/auth/createJwtVerifier.js';
import type { HttpCredentialsError } from '../src/errors.js';
import { toHttpProblem } from '../src/http/problems.js';

// A minimal issuer of our own (discovery + JWKS over real HTTP) to test the verifier alone.
let server: Server;
let issuer: string;
let key: CryptoKey;
let otherKey: CryptoKey;
let fetches = { discovery: 0, jwks: 0 };
let jwksDown = false;
let discoveryDown = false;

beforeAll(async () => {
  ({ privateKey: otherKey } = await generateKeyPair('RS256'));
  const pair = await generateKeyPair('RS256', { extractable: true });
  key = pair.privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  server = createServer((req, res) => {
    if (req.url === '/.well-known/openid-configuration') {
      fetches.discovery++;
      if (discoveryDown) {
        res.writeHead(503).end();
        return;
      }
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ issuer, jwks_uri: `${issuer}/jwks` }));
    } else if (req.url === '/jwks') {
      fetches.jwks++;
      if (jwksDown) {
        res.writeHead(500).end();
        return;
      }
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    } else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const now = () => Math.floor(Date.now() / 1000);
function token(
  claims: Record<string, unknown> = {},
  opts: { kid?: string; key?: CryptoKey; typ?: string } = {},
) {
  return new SignJWT({ iss: issuer, aud: 'client', sub: 'alice', iat: now(), exp: now() + 600, ...claims })
    .setProtectedHeader({ alg: 'RS256', kid: opts.kid ?? 'k1', ...(opts.typ ? { typ: opts.typ } : {}) })
    .sign(opts.key ?? key);
}

async function rejection(p: Promise<unknown>): Promise<HttpCredentialsError> {
  try {
    await p;
  } catch (e) {
    return e as HttpCredentialsError;
  }
  throw new Error('expected a rejection');
}

describe('createJwtVerifier', () => {
  it('accepts a valid ID token and fetches discovery and JWKS once for concurrent calls', async () => {
    fetches = { discovery: 0, jwks: 0 };
    const verifier = createJwtVerifier({ issuer, audience: 'client' });
    const t = await token();
    const results = await Promise.all(Array.from({ length: 20 }, () => verifier.verify(t)));
    expect(results.every((r) => r.subject === 'alice' && r.audience === 'client')).toBe(true);
    expect(fetches).toEqual({ discovery: 1, jwks: 1 });
  });

  it('says what is wrong with each bad token', async () => {
    const verifier = createJwtVerifier({ issuer, audience: 'client' });
    const cases: [Promise<string> | string, string, string][] = [
      [token({ exp: now() - 60 }), 'ExpiredIdentityToken', 'expired'],
      [token({ aud: 'other' }), 'InvalidIdentityToken', 'audience'],
      [token({ nbf: now() + 600 }), 'InvalidIdentityToken', 'not valid yet'],
      [token({}, { key: otherKey }), 'InvalidIdentityToken', 'signature'],
      [token({}, { kid: 'unknown' }), 'InvalidIdentityToken', 'key the issuer does not publish'],
      [token({}, { typ: 'at+jwt' }), 'NotAnIdToken', 'access token'],
      [token({ token_use: 'access' }), 'NotAnIdToken', 'access token'],
      [token({ iat: undefined }), 'NotAnIdToken', 'no aud or no iat'],
      ['garbage', 'InvalidIdentityToken', 'well-formed'],
      [
        `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"alice"}').toString('base64url')}.`,
        'InvalidIdentityToken',
        'algorithm',
      ],
    ];
    for (const [t, code, text] of cases) {
      const err = await rejection(verifier.verify(await t));
      expect(err.code, text).toBe(code);
      expect(err.status, text).toBe(401);
      expect(err.message).toContain(text);
    }
  });

  it('finding 3: refuses a back-channel logout token, another typ and an iat in the future', async () => {
    const verifier = createJwtVerifier({ issuer, audience: 'client' });
    const cases: [Promise<string>, string, string][] = [
      [token({}, { typ: 'logout+jwt' }), 'NotAnIdToken', 'logout token'],
      [
        token({ events: { 'http://schemas.openid.net/event/backchannel-logout': {} } }),
        'NotAnIdToken',
        'logout token',
      ],
      [token({}, { typ: 'dpop+jwt' }), 'NotAnIdToken', 'typ: dpop+jwt'],
      [token({ iat: now() + 3600 }), 'InvalidIdentityToken', 'issued in the future'],
    ];
    for (const [t, code, text] of cases) {
      const err = await rejection(verifier.verify(await t));
      expect(err.code, text).toBe(code);
      expect(err.status, text).toBe(401);
      expect(err.message, text).toContain(text);
    }
    // Still accepted: typ absent, JWT or application/jwt, and an iat within the clock tolerance.
    for (const t of [
      token(),
      token({}, { typ: 'JWT' }),
      token({ iat: now() + 3 }, { typ: 'application/jwt' }),
    ]) {
      expect((await verifier.verify(await t)).subject).toBe('alice');
    }
  });

  it('finding 3: identity.audience is the configured audience that matched, not aud[0]', async () => {
    const verifier = createJwtVerifier({ issuer, audience: ['client', 'other-client'] });
    const t = await token({ aud: ['https://api.example', 'other-client'] });
    expect((await verifier.verify(t)).audience).toBe('other-client');
  });

  it('rejects a token from another issuer', async () => {
    const verifier = createJwtVerifier({ issuer, audience: 'client' });
    const t = await new SignJWT({ aud: 'client', sub: 'alice', iat: now() })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer('https://evil.example.com')
      .setExpirationTime(now() + 600)
      .sign(key);
    const err = await rejection(verifier.verify(t));
    expect(err.message).toContain('issuer');
  });

  it('maps an unreachable JWKS or issuer to IdpUnreachable (503)', async () => {
    jwksDown = true;
    try {
      const verifier = createJwtVerifier({ issuer, audience: 'client' });
      expect((await rejection(verifier.verify(await token()))).code).toBe('IdpUnreachable');
    } finally {
      jwksDown = false;
    }
    const nowhere = createJwtVerifier({ issuer: 'http://127.0.0.1:1', audience: 'client', timeoutMs: 2_000 });
    expect((await rejection(nowhere.verify(await token()))).code).toBe('IdpUnreachable');
  });

  it('refuses to be created without issuer and audience', () => {
    expect(() => createJwtVerifier({ issuer: '', audience: 'x' })).toThrow(/issuer and an audience/);
  });
});

describe('verified-token cache', () => {
  // Only Date is faked: the JWKS still comes over real HTTP, and jose's own exp check reads the same clock.
  afterEach(() => {
    vi.useRealTimers();
  });
  const fakeDate = () => vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });

  it('hit: a repeated token returns the identity verified the first time, deep-frozen', async () => {
    const verifier = createJwtVerifier({ issuer, audience: 'client' });
    const t = await token({ address: { country: 'NL' } });
    const first = await verifier.verify(t);
    const second = await verifier.verify(t);
    expect(second).toBe(first);
    expect(Object.isFrozen(second) && Object.isFrozen(second.claims)).toBe(true);
    expect(Object.isFrozen(second.claims.address)).toBe(true);
  });

  it('miss: another token is verified on its own, and a refused token is never cached', async () => {
    const verifier = createJwtVerifier({ issuer, audience: 'client' });
    const a = await verifier.verify(await token({ sub: 'alice' }));
    const b = await verifier.verify(await token({ sub: 'bob' }));
    expect(b).not.toBe(a);
    expect(b.subject).toBe('bob');
    const forged = await token({}, { key: otherKey });
    for (let i = 0; i < 2; i++) {
      expect((await rejection(verifier.verify(forged))).message).toContain('signature');
    }
  });

  it('expiry: refused from exp + clock tolerance on, with the same error as an uncached verifier', async () => {
    fakeDate();
    const verifier = createJwtVerifier({ issuer, audience: 'client', clockToleranceSec: 5 });
    const uncached = createJwtVerifier({
      issuer,
      audience: 'client',
      clockToleranceSec: 5,
      tokenCache: { maxEntries: 0 },
    });
    const exp = now() + 30;
    const t = await token({ exp });
    const first = await verifier.verify(t);
    vi.setSystemTime((exp + 5) * 1000 - 1); // last millisecond jose still accepts
    expect(await verifier.verify(t)).toBe(first);
    vi.setSystemTime((exp + 5) * 1000);
    const cachedErr = await rejection(verifier.verify(t));
    const uncachedErr = await rejection(uncached.verify(t));
    expect(cachedErr.code).toBe('ExpiredIdentityToken');
    expect(cachedErr.status).toBe(401);
    expect(cachedErr.bearerError).toBe('invalid_token');
    expect([cachedErr.code, cachedErr.status, cachedErr.message]).toEqual([
      uncachedErr.code,
      uncachedErr.status,
      uncachedErr.message,
    ]);
    expect((await rejection(verifier.verify(t))).code).toBe('ExpiredIdentityToken'); // stays refused
  });

  it('expiry: an entry lives at most maxAgeMs, then the token is verified again', async () => {
    fakeDate();
    const verifier = createJwtVerifier({ issuer, audience: 'client', tokenCache: { maxAgeMs: 60_000 } });
    const t = await token({ exp: now() + 3600 });
    const first = await verifier.verify(t);
    vi.setSystemTime(Date.now() + 59_000);
    expect(await verifier.verify(t)).toBe(first);
    vi.setSystemTime(Date.now() + 2_000);
    const again = await verifier.verify(t);
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
  });

  it('bound: keeps at most maxEntries, dropping the least recently used', async () => {
    const verifier = createJwtVerifier({ issuer, audience: 'client', tokenCache: { maxEntries: 2 } });
    const [t1, t2, t3] = await Promise.all(['u1', 'u2', 'u3'].map((sub) => token({ sub })));
    const v1 = await verifier.verify(t1!);
    const v2 = await verifier.verify(t2!);
    expect(await verifier.verify(t1!)).toBe(v1); // t1 is now the most recently used
    const v3 = await verifier.verify(t3!); // evicts t2
    expect(await verifier.verify(t1!)).toBe(v1);
    expect(await verifier.verify(t3!)).toBe(v3);
    expect(await verifier.verify(t2!)).not.toBe(v2);
  });

  it('finding 4: bounded by bytes, not only by count (maxBytes, and 16 MiB by default)', async () => {
    const big = (sub: string) => token({ sub, padding: 'p'.repeat(11_000) }); // ~15 KB tokens
    const small = createJwtVerifier({ issuer, audience: 'client', tokenCache: { maxBytes: 64 * 1024 } });
    const [first, ...rest] = await Promise.all(Array.from({ length: 6 }, (_, i) => big(`b${i}`)));
    const v1 = await small.verify(first!);
    expect(await small.verify(first!)).toBe(v1);
    for (const t of rest) await small.verify(t);
    expect(await small.verify(first!)).not.toBe(v1); // 6 x 15 KB > 64 KB: the oldest went
    // Default: 1,200 tokens of 15 KB (18 MB) exceed 16 MiB although they are far below 10,000 entries.
    const byDefault = createJwtVerifier({ issuer, audience: 'client' });
    const many = await Promise.all(Array.from({ length: 1_200 }, (_, i) => big(`d${i}`)));
    const d0 = await byDefault.verify(many[0]!);
    for (const t of many.slice(1)) await byDefault.verify(t);
    expect(byDefault.cached!(many[0]!)).toBeUndefined();
    expect(byDefault.cached!(many.at(-1)!)).toBeDefined();
    expect(d0.subject).toBe('d0');
  }, 60_000);

  it('cached(): the synchronous peek answers only for a token verified earlier and still within its lifetime', async () => {
    fakeDate();
    const verifier = createJwtVerifier({ issuer, audience: 'client', clockToleranceSec: 0 });
    const exp = now() + 30;
    const t = await token({ exp });
    expect(verifier.cached!(t)).toBeUndefined();
    const identity = await verifier.verify(t);
    expect(verifier.cached!(t)).toBe(identity);
    expect(verifier.cached!(await token({ exp, sub: 'bob' }))).toBeUndefined();
    vi.setSystemTime(exp * 1000);
    expect(verifier.cached!(t)).toBeUndefined();
    const off = createJwtVerifier({ issuer, audience: 'client', tokenCache: { maxEntries: 0 } });
    vi.setSystemTime((exp - 10) * 1000);
    await off.verify(t);
    expect(off.cached!(t)).toBeUndefined();
  });

  it('disabled with maxEntries: 0 (every call verifies), and validates its options', async () => {
    const verifier = createJwtVerifier({ issuer, audience: 'client', tokenCache: { maxEntries: 0 } });
    const t = await token();
    const first = await verifier.verify(t);
    const second = await verifier.verify(t);
    expect(second).not.toBe(first);
    expect(second).toEqual(first);
    expect(Object.isFrozen(second)).toBe(false);
    for (const tokenCache of [{ maxEntries: -1 }, { maxEntries: 1.5 }, { maxAgeMs: -1 }, { maxBytes: -1 }]) {
      expect(() => createJwtVerifier({ issuer, audience: 'client', tokenCache })).toThrow(/tokenCache/);
    }
  });
});

describe('finding 3: an IdP outage is remembered for the cooldown', () => {
  afterEach(() => {
    vi.useRealTimers();
    jwksDown = false;
    discoveryDown = false;
  });

  it.each([
    [
      'JWKS',
      (): void => {
        jwksDown = true;
      },
      'jwks',
    ],
    [
      'discovery',
      (): void => {
        discoveryDown = true;
      },
      'discovery',
    ],
  ] as const)(
    '%s down: 50 tokens cost one fetch, each answered 503 with the same Retry-After',
    async (_n, down, counter) => {
      vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
      down();
      fetches = { discovery: 0, jwks: 0 };
      const verifier = createJwtVerifier({ issuer, audience: 'client' });
      const tokens = await Promise.all(Array.from({ length: 50 }, (_, i) => token({ sub: `junk-${i}` })));
      const retryAfter = new Set<string>();
      for (const t of tokens) {
        const err = await rejection(verifier.verify(t));
        expect(err.code).toBe('IdpUnreachable');
        const problem = toHttpProblem(err);
        expect(problem.status).toBe(503);
        retryAfter.add(problem.headers['retry-after']!);
      }
      expect(fetches[counter]).toBe(1);
      expect([...retryAfter]).toEqual(['30']);
      vi.setSystemTime(Date.now() + 10_000);
      expect(toHttpProblem(await rejection(verifier.verify(tokens[0]!))).headers['retry-after']).toBe('20');
      expect(fetches[counter]).toBe(1);
      // After the cooldown the IdP is asked again, and a recovered IdP is used at once.
      jwksDown = false;
      discoveryDown = false;
      vi.setSystemTime(Date.now() + 21_000);
      expect((await verifier.verify(tokens[0]!)).subject).toBe('junk-0');
      expect(fetches[counter]).toBe(2);
    },
  );
});

describe('issue 22, finding 4: a failed re-fetch for an unknown kid holds back only that token', () => {
  afterEach(() => {
    vi.useRealTimers();
    jwksDown = false;
  });

  it('after one failed unknown-kid re-fetch, five users with the loaded key set verify; junk costs no fetch', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    fetches = { discovery: 0, jwks: 0 };
    const verifier = createJwtVerifier({ issuer, audience: 'client' });
    expect((await verifier.verify(await token({ sub: 'first' }))).subject).toBe('first'); // keys loaded
    vi.setSystemTime(Date.now() + 31_000); // past jose's re-fetch cooldown: an unknown kid may re-fetch
    jwksDown = true;

    const junk = (i: number) => token({ sub: `junk-${i}` }, { kid: `unknown-${i}`, key: otherKey });
    const refused = await rejection(verifier.verify(await junk(0)));
    expect(refused.code).toBe('InvalidIdentityToken');
    expect(toHttpProblem(refused).status).toBe(401);
    expect(fetches.jwks).toBe(2); // the one re-fetch, which failed

    const users = ['u1', 'u2', 'u3', 'u4', 'u5'];
    const verified = await Promise.all(users.map(async (sub) => verifier.verify(await token({ sub }))));
    expect(verified.map((v) => v.subject)).toEqual(users);
    // More junk within the cooldown: refused against the loaded keys, no new fetch.
    for (let i = 1; i <= 20; i++)
      expect((await rejection(verifier.verify(await junk(i)))).code).toBe('InvalidIdentityToken');
    expect(fetches.jwks).toBe(2);
    // After the cooldown an unknown kid may ask the IdP again.
    vi.setSystemTime(Date.now() + 31_000);
    await rejection(verifier.verify(await junk(99)));
    expect(fetches.jwks).toBe(3);
  });

  it('a key set past its max age whose refresh fails is no key set: 503, remembered for the cooldown', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    fetches = { discovery: 0, jwks: 0 };
    const verifier = createJwtVerifier({ issuer, audience: 'client', cacheMaxAgeMs: 60_000 });
    await verifier.verify(await token({ sub: 'first' }));
    vi.setSystemTime(Date.now() + 61_000);
    jwksDown = true;
    for (const sub of ['a', 'b', 'c']) {
      const err = await rejection(verifier.verify(await token({ sub })));
      expect(err.code).toBe('IdpUnreachable');
      expect(toHttpProblem(err).status).toBe(503);
    }
    expect(fetches.jwks).toBe(2);
  });
});
