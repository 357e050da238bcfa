// Property-based fuzzing of every node parser that reads outside input (security review): the bearer, cookie
// and header extractors, the JWT shape check (verify: false decoding and the verifier's pre-checks), the ALB
// header, and the credential endpoint over real HTTP. Each returns a typed result or a typed error with a 4xx
// (503 only when the IdP/key endpoint is involved) — never a raw exception — and takes linear time.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CredentialsError, webIdentity } from '@web-identity/core';
import fc from 'fast-check';
import { exportJWK, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromAlbOidc } from '../src/auth/alb.js';
import { createJwtVerifier } from '../src/auth/createJwtVerifier.js';
import { fromBearer, fromCookie, fromHeader } from '../src/auth/extractors.js';
import { decodeUnverified } from '../src/auth/jwtVerifier.js';
import { createCredentialsBroker } from '../src/broker/credentialsBroker.js';
import { HttpCredentialsError } from '../src/errors.js';
import { credentialEndpoint } from '../src/http/endpoint.js';
import { toHttpProblem } from '../src/http/problems.js';
import { bestOfInTurn } from './timing.js';

const b64 = (v: string) => Buffer.from(v).toString('base64url');
const json = fc.oneof(
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.string(),
);
const jwtLike = fc.oneof(
  fc.string(),
  fc.tuple(json, json, fc.string()).map(([h, c, s]) => `${b64(h)}.${b64(c)}.${s}`),
  fc
    .tuple(fc.dictionary(fc.string(), fc.jsonValue()), fc.dictionary(fc.string(), fc.jsonValue()))
    .map(
      ([h, c]) =>
        `${b64(JSON.stringify({ alg: 'RS256', kid: 'k1', ...h }))}.${b64(JSON.stringify({ sub: 's', aud: 'a', iat: 1, exp: 9e9, ...c }))}.c2ln`,
    ),
);
const headerValue = fc.oneof(
  fc.string(),
  jwtLike.map((t) => `Bearer ${t}`),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.constant(undefined),
);

/** A typed outcome: a value, or a CredentialsError whose HTTP answer is a 4xx (or 503 when `upstream`). */
function expectTyped(run: () => unknown, upstream = false): void {
  try {
    run();
  } catch (e) {
    expectTypedError(e, upstream);
  }
}
function expectTypedError(e: unknown, upstream = false): void {
  expect(e).toBeInstanceOf(CredentialsError);
  const status = toHttpProblem(e).status;
  if (upstream && status === 503) return;
  expect(status).toBeGreaterThanOrEqual(400);
  expect(status).toBeLessThan(500);
}

let keys: Server;
let keysUrl: string;
beforeAll(async () => {
  const { publicKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256' };
  keys = createServer((req, res) => {
    if (req.url === '/jwks')
      res.setHeader('content-type', 'application/json').end(JSON.stringify({ keys: [jwk] }));
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => keys.listen(0, '127.0.0.1', r));
  keysUrl = `http://127.0.0.1:${(keys.address() as AddressInfo).port}`;
});
afterAll(async () => {
  keys.closeAllConnections();
  await new Promise((r) => keys.close(r));
});

describe('fuzz: node parsers of outside input', () => {
  it('extractors: a token, null or 400 invalid_request', () => {
    const extractors = [fromBearer(), fromHeader('x-id-token'), fromCookie('id_token')];
    fc.assert(
      fc.property(headerValue, headerValue, headerValue, (authorization, header, cookie) => {
        const req = { headers: { authorization, 'x-id-token': header, cookie } };
        for (const x of extractors) {
          expectTyped(() => {
            const t = x.extract(req);
            expect(t === null || typeof t === 'string').toBe(true);
          });
        }
      }),
      { numRuns: 1_000 },
    );
  });

  it('JWT shape check (verify: false decoding): an identity or 400/401', () => {
    fc.assert(
      fc.property(jwtLike, fc.constantFrom('id' as const, 'any' as const), (t, use) => {
        expectTyped(() => expect(typeof decodeUnverified(t, use).subject).toBe('string'));
      }),
      { numRuns: 1_000 },
    );
  });

  it('the verifier: an identity or a typed 4xx for any token (keys over real HTTP)', async () => {
    const verifier = createJwtVerifier({
      issuer: 'https://idp.test',
      audience: 'a',
      jwksUri: `${keysUrl}/jwks`,
    });
    await fc.assert(
      fc.asyncProperty(jwtLike, async (t) => {
        await verifier.verify(t).then(
          () => {},
          (e: unknown) => expectTypedError(e),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('the ALB header: an identity, a typed 4xx, or 503 from the key endpoint', async () => {
    const alb = fromAlbOidc({ region: 'eu-west-1', expectedSigner: 'arn:alb', keyUrl: `${keysUrl}/alb` });
    const albLike = fc.oneof(
      jwtLike,
      fc
        .tuple(fc.dictionary(fc.string(), fc.jsonValue()), json, fc.string(), fc.nat({ max: 3 }))
        .map(
          ([h, c, s, pad]) =>
            `${b64(JSON.stringify({ alg: 'ES256', signer: 'arn:alb', kid: 'k', ...h }))}${'='.repeat(pad)}.${b64(c)}.${s}`,
        ),
    );
    await fc.assert(
      fc.asyncProperty(albLike, headerValue, async (t, raw) => {
        expectTyped(() => alb.extract({ headers: { 'x-amzn-oidc-data': raw } }));
        await alb.verify!(t, {}).then(
          () => {},
          (e: unknown) => expectTypedError(e, true),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('the credential endpoint over real HTTP: 4xx problem+json for any headers (or 204/405 by method)', async () => {
    const broker = createCredentialsBroker({
      region: 'eu-west-1',
      source: webIdentity({ roleArn: 'arn:aws:iam::123456789012:role/R', endpoint: 'http://127.0.0.1:1' }),
      verify: { issuer: 'https://idp.test', audience: 'a', jwksUri: `${keysUrl}/jwks` },
      token: fromCookie('id_token'),
    });
    const handler = credentialEndpoint(broker, { cors: { origins: ['http://app.test'] } });
    const server = createServer((req, res) => handler(req, res));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/aws/credentials`;
    const printable = (s: string) => s.replace(/[^\x20-\x7e]/g, '');
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom('GET', 'POST', 'PUT', 'OPTIONS'),
          fc.option(fc.oneof(fc.constantFrom('http://app.test', 'null', url), fc.string().map(printable))),
          fc.option(fc.constantFrom('same-origin', 'same-site', 'cross-site', 'none')),
          fc.option(fc.oneof(jwtLike, fc.string()).map((t) => `id_token=${encodeURIComponent(t)}`)),
          async (method, origin, site, cookie) => {
            const headers: Record<string, string> = {};
            if (origin !== null) headers.origin = origin;
            if (site !== null) headers['sec-fetch-site'] = site;
            if (cookie !== null) headers.cookie = cookie;
            const res = await fetch(url, { method, headers });
            const text = await res.text();
            if (method === 'OPTIONS') expect(res.status).toBe(204);
            else if (method === 'PUT') expect(res.status).toBe(405);
            else {
              expect(res.status, text).toBeGreaterThanOrEqual(400);
              expect(res.status, text).toBeLessThan(500);
              expect(res.headers.get('content-type')).toBe('application/problem+json');
              expect(typeof JSON.parse(text).code).toBe('string');
            }
          },
        ),
        { numRuns: 150 },
      );
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});

/** The best times on `unit` repeated to `small` and to `large` characters, measured in turn. */
async function costs(fn: (input: string) => unknown, unit: string, small: number, large: number) {
  const fill = (size: number) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
  const [a, b] = [fill(small), fill(large)];
  // Typed errors are fine here; only time matters.
  const quiet = (input: string) => async () => {
    try {
      await fn(input);
    } catch {}
  };
  const [s, l] = await bestOfInTurn([quiet(a), quiet(b)]);
  return [s!, l!] as const;
}

describe('fuzz: linear time on adversarial input (20,000 characters: the longest token accepted)', () => {
  // 16x the input may cost about 16x (linear); a quadratic parser costs 256x. The bound (64x) leaves a factor
  // of 4 either side for a loaded machine; a floor keeps timer noise out.
  const alb = fromAlbOidc({ region: 'eu-west-1', expectedSigner: 'arn:alb', keyUrl: 'http://127.0.0.1:1' });
  const cases: [string, (s: string) => unknown, string[]][] = [
    [
      'fromBearer',
      (s) => fromBearer().extract({ headers: { authorization: `Bearer ${s}` } }),
      ['a', 'a=', ' ', 'a '],
    ],
    ['fromCookie', (s) => fromCookie('id').extract({ headers: { cookie: s } }), ['a=b;', ';', '=', 'id=%']],
    ['decodeUnverified', (s) => decodeUnverified(s), ['a.', '.', '=', 'eyJ']],
    ['ALB header', (s) => alb.verify!(`${s}x.e30.x`, {}), ['=', 'a=', '=a']],
  ];
  for (const [name, fn, units] of cases) {
    it(name, async () => {
      for (const unit of units) {
        const [small, large] = await costs(fn, unit, 1_250, 20_000);
        expect(large, `${name} on ${JSON.stringify(unit)}`).toBeLessThan(Math.max(64 * small, 25));
      }
    });
  }
});

it('HttpCredentialsError is the typed error for refusals (sanity of the helper above)', () => {
  expect(() => expectTypedError(new Error('raw'))).toThrow();
  expectTypedError(new HttpCredentialsError('InvalidIdentityToken', 'x', { status: 401 }));
});
