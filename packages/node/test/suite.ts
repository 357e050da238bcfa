// One suite, run against Express and Fastify (express.test.ts, fastify.test.ts): real servers on port 0,
// tokens from the kit's IdP, STS/Cognito/S3 from the kit, STS calls counted by the kit.

import { cognitoIdentityPool, webIdentity } from '@web-identity/core';
import {
  BROKER_ROLE_ARN,
  DEFAULT_ACCESS_KEY,
  DEFAULT_IDENTITY_POOL_ID,
  DEFAULT_ROLE_ARN,
  type LocalAws,
  type LocalIdp,
  startLocalAws,
  startLocalIdp,
} from '@web-identity/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromAlbOidc } from '../src/auth/alb.js';
import { fromBearer, fromCookie, fromHeader } from '../src/auth/extractors.js';
import { memoryCache } from '../src/broker/cache.js';
import type { LogEvent } from '../src/log.js';
import { assumeRole } from '../src/sources/assumeRole.js';
import type { CredentialsBrokerOptions, VerifiedIdentity } from '../src/types.js';
import type { AppConfig, RunningApp, StartApp } from './apps.js';

const EXCHANGES = new Set(['AssumeRoleWithWebIdentity', 'AssumeRole', 'GetId', 'GetCredentialsForIdentity']);

function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

async function pool<T>(tasks: (() => Promise<T>)[], concurrency: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < tasks.length) {
        const i = next++;
        results[i] = await tasks[i]!();
      }
    }),
  );
  return results;
}

/** Where a target has not the feature a test is about: the test is not declared (the suite's options say why). */
const undeclared = (_name: string, _body: () => unknown): void => {};

export function credentialsSuite(
  framework: string,
  start: StartApp,
  /**
   * `credentialEndpoint: false`: the app has no credential endpoint (the fetch-standard entry vends no keys to
   * browsers; its routes get `RequestAws` only), so the endpoint's own tests are n/a there and not declared.
   */
  opts: { loadUsers?: number; credentialEndpoint?: boolean } = {},
): void {
  const endpoint = opts.credentialEndpoint !== false;
  describe(`${framework}: per-user credentials over real HTTP`, () => {
    let idp: LocalIdp;
    let aws: LocalAws;
    const logs: LogEvent[] = [];
    const tokens = new Set<string>();
    const secrets = new Set<string>();
    const running = new Set<RunningApp>();

    const exchanges = () => aws.calls().filter((c) => EXCHANGES.has(c.action)).length;
    const idToken = async (sub: string, claims: Record<string, unknown> = {}, opts = {}) => {
      const t = await idp.issueIdToken({ sub, ...claims }, opts);
      tokens.add(t);
      return t;
    };
    const brokerOptions = (over: Partial<CredentialsBrokerOptions> = {}): CredentialsBrokerOptions => ({
      region: aws.region,
      source: webIdentity({ roleArn: DEFAULT_ROLE_ARN, endpoint: aws.endpoint }),
      verify: { issuer: idp.issuer, audience: 'web-identity-demo' },
      logger: (e) => logs.push(e),
      ...over,
    });
    const app = async (over: Partial<CredentialsBrokerOptions> = {}, extra: Partial<AppConfig> = {}) => {
      const a = await start({
        broker: brokerOptions(over),
        awsEndpoint: aws.endpoint,
        bucket: 'demo-uploads',
        ...extra,
      });
      running.add(a);
      return a;
    };
    const get = async (a: RunningApp, path: string, headers: Record<string, string> = {}, method = 'GET') => {
      const res = await fetch(a.url + path, { method, headers });
      const text = await res.text();
      const body = text ? JSON.parse(text) : null;
      for (const k of ['SecretAccessKey', 'SessionToken'] as const) if (body?.[k]) secrets.add(body[k]);
      return { status: res.status, headers: res.headers, body };
    };
    const bearer = (t: string) => ({ authorization: `Bearer ${t}` });

    beforeAll(async () => {
      idp = await startLocalIdp();
      aws = await startLocalAws({ idp });
    });
    afterAll(async () => {
      await Promise.all([...running].map((a) => a.close()));
      await aws?.close();
      await idp?.close();
    });

    describe('extractors and sources', () => {
      let a: RunningApp;
      beforeAll(async () => {
        a = await app({ token: fromBearer() });
      });

      it('fromBearer + webIdentity: the handler gets the user credentials from STS', async () => {
        const before = exchanges();
        const res = await get(a, '/api/me', bearer(await idToken('alice')));
        expect(res.status).toBe(200);
        expect(res.body.subject).toBe('alice');
        expect(res.body.assumedRoleArn).toContain('assumed-role/PhotoUploader/alice');
        const issued = aws.calls({ action: 'AssumeRoleWithWebIdentity' }).at(-1);
        expect(issued?.subject).toBe('alice');
        expect(res.body.accessKeyId).toBe(issued?.issuedAccessKeyId);
        expect(exchanges()).toBe(before + 1);
      });

      it('req.aws.client() signs AWS calls as the user (GetCallerIdentity, S3 under the own prefix only)', async () => {
        const t = await idToken('bob');
        const who = await get(a, '/api/whoami', bearer(t));
        expect(who.status).toBe(200);
        expect(who.body.arn).toMatch(/assumed-role\/PhotoUploader\/bob$/);
        const own = await get(a, '/api/files/bob/photo.txt', bearer(t), 'PUT');
        expect(own.body).toEqual({ stored: 'uploads/bob/photo.txt' });
        const other = await get(a, '/api/files/alice/photo.txt', bearer(t), 'PUT');
        expect(other.body).toEqual({ error: 'AccessDenied' });
      });

      it('fromCookie and fromHeader', async () => {
        const c = await app({ token: fromCookie('id_token') });
        const t = await idToken('carol');
        const res = await get(c, '/api/me', { cookie: `theme=dark; id_token=${t}` });
        expect(res.body.subject).toBe('carol');
        expect((await get(c, '/api/me', bearer(t))).status).toBe(401); // not where this app looks
        const h = await app({ token: fromHeader('x-id-token') });
        expect((await get(h, '/api/me', { 'x-id-token': t })).body.subject).toBe('carol');
      });

      it('cognitoIdentityPool source', async () => {
        const c = await app({
          source: cognitoIdentityPool({ identityPoolId: DEFAULT_IDENTITY_POOL_ID, endpoint: aws.endpoint }),
        });
        const res = await get(c, '/api/me', bearer(await idToken('dave')));
        expect(res.status).toBe(200);
        expect(res.body.subject).toBe('dave');
        const issued = aws.calls({ action: 'GetCredentialsForIdentity' }).at(-1);
        expect(res.body.accessKeyId).toBe(issued?.issuedAccessKeyId);
      });

      it('assumeRole() source: AssumeRole with the server credentials and a per-user session policy', async () => {
        const policy = (id: VerifiedIdentity) => ({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: ['s3:PutObject', 's3:GetObject'],
              Resource: `arn:aws:s3:::demo-uploads/uploads/${id.subject}/*`,
            },
          ],
        });
        const b = await app({
          source: assumeRole({
            roleArn: BROKER_ROLE_ARN,
            endpoint: aws.endpoint,
            credentials: DEFAULT_ACCESS_KEY,
            sessionPolicy: policy,
            tags: (id) => ({ sub: id.subject }),
            sourceIdentity: (id) => id.subject,
          }),
        });
        const t = await idToken('erin');
        const me = await get(b, '/api/me', bearer(t));
        expect(me.status).toBe(200);
        expect(me.body.assumedRoleArn).toMatch(/assumed-role\/PhotoBroker\/erin$/);
        expect(aws.calls({ action: 'AssumeRole' }).at(-1)?.issuedAccessKeyId).toBe(me.body.accessKeyId);
        expect((await get(b, '/api/files/erin/a.txt', bearer(t), 'PUT')).body).toEqual({
          stored: 'uploads/erin/a.txt',
        });
        expect((await get(b, '/api/files/frank/a.txt', bearer(t), 'PUT')).body).toEqual({
          error: 'AccessDenied',
        });
      });

      it('credentialsRequired: false lets anonymous requests through with req.aws = null', async () => {
        const lax = await app({ credentialsRequired: false });
        const before = exchanges();
        expect((await get(lax, '/api/anon')).body).toEqual({ anonymous: true });
        expect(exchanges()).toBe(before);
      });
    });

    describe('rejections', () => {
      let a: RunningApp;
      beforeAll(async () => {
        a = await app();
      });

      it('no token: 401 with WWW-Authenticate: Bearer realm="aws" and a problem+json body', async () => {
        const res = await get(a, '/api/me');
        expect(res.status).toBe(401);
        expect(res.headers.get('www-authenticate')).toBe('Bearer realm="aws"');
        expect(res.headers.get('content-type')).toBe('application/problem+json');
        expect(res.body).toMatchObject({ status: 401, code: 'NoIdentityToken' });
      });

      it('forged and wrong tokens: the right 4xx, a description, and zero STS calls', async () => {
        const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
        const now = Math.floor(Date.now() / 1000);
        const cases: [string, string | Promise<string>, number, RegExp][] = [
          ['bad signature', idToken('mallory', {}, { foreignKey: true }), 401, /signature/],
          [
            'alg none',
            `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ iss: idp.issuer, sub: 'mallory', aud: 'web-identity-demo', iat: now, exp: now + 600 })}.`,
            401,
            /algorithm/,
          ],
          ['wrong aud', idToken('mallory', { aud: 'someone-else' }), 401, /audience/],
          ['wrong iss', idToken('mallory', { iss: 'https://evil.example.com' }), 401, /issuer/],
          ['expired', idToken('mallory', { expiresIn: -120 }), 401, /expired/],
          ['nbf in the future', idToken('mallory', { nbf: now + 3600 }), 401, /not valid yet/],
          ['access token', idp.issueAccessToken({ sub: 'mallory' }), 401, /access token/],
          ['garbage', 'garbage', 401, /well-formed/],
          [
            'over 20,000 characters',
            `${'a'.repeat(10_000)}.${'b'.repeat(10_000)}.c`,
            400,
            /longer than 20000/,
          ],
        ];
        const before = exchanges();
        for (const [name, token, status, description] of cases) {
          const t = await token;
          tokens.add(t);
          const res = await get(a, '/api/me', bearer(t));
          expect(res.status, name).toBe(status);
          const challenge = res.headers.get('www-authenticate') ?? '';
          expect(challenge, name).toContain(
            status === 400 ? 'error="invalid_request"' : 'error="invalid_token"',
          );
          expect(challenge, name).toMatch(description);
          expect(res.body.detail, name).toMatch(description);
        }
        expect(exchanges()).toBe(before);
      });

      it('a token cached while valid is refused after its exp exactly like an expired one, with no STS call', async () => {
        const strict = await app({
          verify: { issuer: idp.issuer, audience: 'web-identity-demo', clockToleranceSec: 0 },
        });
        const t = await idToken('erin', { expiresIn: 2 });
        const before = exchanges();
        expect((await get(strict, '/api/me', bearer(t))).status).toBe(200);
        expect((await get(strict, '/api/me', bearer(t))).status).toBe(200); // verified-token cache hit
        expect(exchanges()).toBe(before + 1);
        const exp = JSON.parse(Buffer.from(t.split('.')[1]!, 'base64url').toString()).exp as number;
        await new Promise((r) => setTimeout(r, Math.max(0, exp * 1000 - Date.now()) + 50));
        const after = await get(strict, '/api/me', bearer(t));
        const neverCached = await get(strict, '/api/me', bearer(await idToken('erin', { expiresIn: -120 })));
        expect(after.status).toBe(401);
        expect(after.headers.get('www-authenticate')).toContain('error="invalid_token"');
        expect(after.headers.get('www-authenticate')).toMatch(/expired/);
        expect(after.headers.get('www-authenticate')).toBe(neverCached.headers.get('www-authenticate'));
        expect(after.body).toEqual(neverCached.body);
        expect(after.body.code).toBe('ExpiredIdentityToken');
        expect(exchanges()).toBe(before + 1);
      });

      it('trust policy refusal: 403 problem+json with code AccessDenied and no challenge', async () => {
        const wide = await app({
          verify: { issuer: idp.issuer, audience: ['web-identity-demo', 'other-app'] },
        });
        const res = await get(wide, '/api/me', bearer(await idToken('grace', { aud: 'other-app' })));
        expect(res.status).toBe(403);
        expect(res.headers.get('www-authenticate')).toBeNull();
        expect(res.body).toMatchObject({ status: 403, code: 'AccessDenied' });
      });

      it('STS throttled, failing or dropping: 503 with Retry-After, backoff without STS calls, then recovery', async () => {
        const b = await app({ retryBackoff: { baseMs: 200, maxMs: 200 } });
        for (const [fault, label] of [
          [() => aws.faults.throttle(50), 'throttled'],
          [() => aws.faults.fail(500, 50), '500'],
          [() => aws.faults.drop(50), 'dropped'],
        ] as const) {
          aws.faults.reset();
          fault();
          const t = await idToken(`heidi-${label}`);
          const res = await get(b, '/api/me', bearer(t));
          expect(res.status, label).toBe(503);
          expect(Number(res.headers.get('retry-after')), label).toBeGreaterThan(0);
          expect(res.body.retryable, label).toBe(true);
          aws.faults.reset();
          const calls = exchanges();
          const held = await get(b, '/api/me', bearer(t)); // inside the backoff: no new STS call
          expect(held.status, label).toBe(503);
          expect(exchanges(), label).toBe(calls);
          await new Promise((r) => setTimeout(r, 250));
          const again = await get(b, '/api/me', bearer(t));
          expect(again.status, label).toBe(200);
          expect(again.body.subject).toBe(`heidi-${label}`);
        }
      });

      it('issuer discovery/JWKS unreachable: 503 with Retry-After, no STS call', async () => {
        const gone = await startLocalIdp();
        const t = await gone.issueIdToken({ sub: 'ivan' });
        tokens.add(t);
        await gone.close();
        const b = await app({
          verify: { issuer: gone.issuer, audience: 'web-identity-demo', timeoutMs: 2_000 },
        });
        const before = exchanges();
        const res = await get(b, '/api/me', bearer(t));
        expect(res.status).toBe(503);
        expect(res.headers.get('retry-after')).not.toBeNull();
        expect(res.body.code).toBe('IdpUnreachable');
        expect(exchanges()).toBe(before);
      });
    });

    describe('ALB mode: fromAlbOidc + assumeRole()', () => {
      let a: RunningApp;
      beforeAll(async () => {
        a = await app({
          verify: undefined,
          token: fromAlbOidc({
            region: aws.region,
            expectedSigner: aws.albSignerArn,
            keyUrl: aws.albKeysUrl,
          }),
          source: assumeRole({
            roleArn: BROKER_ROLE_ARN,
            endpoint: aws.endpoint,
            credentials: DEFAULT_ACCESS_KEY,
            sessionPolicy: (id) => ({
              Version: '2012-10-17',
              Statement: [
                {
                  Effect: 'Allow',
                  Action: 's3:*',
                  Resource: `arn:aws:s3:::demo-uploads/uploads/${id.subject}/*`,
                },
              ],
            }),
          }),
        });
      });

      it('verifies the ALB header and brokers credentials scoped to the user', async () => {
        const header = { 'x-amzn-oidc-data': aws.signAlbOidcData({ sub: 'judy' }) };
        tokens.add(header['x-amzn-oidc-data']);
        const me = await get(a, '/api/me', header);
        expect(me.status).toBe(200);
        expect(me.body.subject).toBe('judy');
        expect((await get(a, '/api/files/judy/x.txt', header, 'PUT')).body).toEqual({
          stored: 'uploads/judy/x.txt',
        });
        expect((await get(a, '/api/files/kim/x.txt', header, 'PUT')).body).toEqual({ error: 'AccessDenied' });
      });

      it('forged ALB headers: 401 and zero STS calls', async () => {
        const before = exchanges();
        const cases: [string, string, RegExp][] = [
          [
            'another signer',
            aws.signAlbOidcData({ sub: 'm' }, { signer: 'arn:aws:elasticloadbalancing:x' }),
            /another load balancer/,
          ],
          ['foreign key', aws.signAlbOidcData({ sub: 'm' }, { foreignKey: true }), /signature/],
          ['expired', aws.signAlbOidcData({ sub: 'm' }, { expiresIn: -60 }), /expired/],
          ['unknown kid', aws.signAlbOidcData({ sub: 'm' }, { kid: 'nope' }), /unknown key/],
          ['garbage', 'garbage', /well-formed/],
        ];
        for (const [name, value, description] of cases) {
          const res = await get(a, '/api/me', { 'x-amzn-oidc-data': value });
          expect(res.status, name).toBe(401);
          expect(res.headers.get('www-authenticate'), name).toMatch(description);
        }
        expect((await get(a, '/api/me')).status).toBe(401);
        expect(exchanges()).toBe(before);
      });
    });

    (endpoint ? describe : undeclared)('credential endpoint', () => {
      it('vends the caller credentials with no-store and no CORS unless allowed', async () => {
        const e = await app({}, { cors: { origins: ['http://app.example'] } });
        const t = await idToken('ken');
        const res = await get(e, '/aws/credentials', bearer(t));
        expect(res.status).toBe(200);
        expect(Object.keys(res.body).sort()).toEqual([
          'AccessKeyId',
          'Expiration',
          'SecretAccessKey',
          'SessionToken',
          'Version',
        ]);
        expect(res.body.AccessKeyId).toBe(
          aws.calls({ action: 'AssumeRoleWithWebIdentity' }).at(-1)?.issuedAccessKeyId,
        );
        expect(new Date(res.body.Expiration).getTime()).toBeGreaterThan(Date.now());
        expect(res.headers.get('cache-control')).toBe('no-store');
        expect(res.headers.get('access-control-allow-origin')).toBeNull();
        const allowed = await get(e, '/aws/credentials', { ...bearer(t), origin: 'http://app.example' });
        expect(allowed.headers.get('access-control-allow-origin')).toBe('http://app.example');
        const preflight = await get(e, '/aws/credentials', { origin: 'http://app.example' }, 'OPTIONS');
        expect(preflight.status).toBe(204);
        expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');
        expect((await get(e, '/aws/credentials')).status).toBe(401);
      });

      it("vends expirations on this server's clock when STS's clock is skewed", async () => {
        const e = await app();
        aws.faults.skewClock(-50 * 60); // STS 50 minutes behind: its Expiration looks 10 min away
        try {
          const res = await get(e, '/aws/credentials', bearer(await idToken('skewed')));
          expect(res.status).toBe(200);
          const left = new Date(res.body.Expiration).getTime() - Date.now();
          expect(left).toBeGreaterThan(55 * 60_000); // granted 1 h, measured on our clock
          expect(left).toBeLessThanOrEqual(60 * 60_000 + 5_000);
        } finally {
          aws.faults.reset();
        }
      });

      it('rate-limits per identity: 429 with Retry-After, other users unaffected', async () => {
        const e = await app({}, { rateLimit: { limit: 2, windowMs: 60_000 } });
        const t = await idToken('liam');
        expect((await get(e, '/aws/credentials', bearer(t))).status).toBe(200);
        expect((await get(e, '/aws/credentials', bearer(t))).status).toBe(200);
        const third = await get(e, '/aws/credentials', bearer(t));
        expect(third.status).toBe(429);
        expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
        expect((await get(e, '/aws/credentials', bearer(await idToken('mia')))).status).toBe(200);
      });
    });

    describe('cache', () => {
      it('respects the LRU bound', async () => {
        const cache = memoryCache({ maxEntries: 2 });
        const c = await app({ cache });
        const [n1, n2, n3] = await Promise.all(['nina', 'omar', 'pia'].map((s) => idToken(s)));
        const before = exchanges();
        for (const t of [n1!, n2!, n3!]) expect((await get(c, '/api/me', bearer(t))).status).toBe(200);
        expect(cache.size).toBe(2);
        await get(c, '/api/me', bearer(n3!)); // cached
        expect(exchanges()).toBe(before + 3);
        await get(c, '/api/me', bearer(n1!)); // evicted: a new exchange
        expect(exchanges()).toBe(before + 4);
      });
    });

    describe('isolation under load', () => {
      const users = opts.loadUsers ?? 1_000;
      it(`${users} users x 10 concurrent requests: each gets its own credentials, STS calls = users`, async () => {
        const a = await app({ logger: undefined });
        const subjects = Array.from({ length: users }, (_, i) => `load-${framework}-${i}`);
        const userTokens = await Promise.all(subjects.map((s) => idp.issueIdToken({ sub: s })));
        aws.clearCalls();
        const order = shuffle(subjects.flatMap((_, i) => Array.from({ length: 10 }, () => i)));
        const results = await pool(
          order.map((i) => async () => ({ i, res: await get(a, '/api/me', bearer(userTokens[i]!)) })),
          100,
        );
        const issued = new Map(
          aws.calls({ action: 'AssumeRoleWithWebIdentity' }).map((c) => [c.subject, c.issuedAccessKeyId]),
        );
        expect(aws.calls({ action: 'AssumeRoleWithWebIdentity' })).toHaveLength(users);
        expect(issued.size).toBe(users);
        for (const { i, res } of results) {
          expect(res.status).toBe(200);
          expect(res.body.subject).toBe(subjects[i]);
          expect(res.body.accessKeyId).toBe(issued.get(subjects[i]));
        }
        expect(a.broker.stats().exchanges).toBe(users);
      }, 180_000);
    });

    describe('security review (issue 13)', () => {
      const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
      const forged = (sub: string) => {
        const now = Math.floor(Date.now() / 1000);
        const t = `${b64({ alg: 'none' })}.${b64({ iss: idp.issuer, sub, aud: 'web-identity-demo', iat: now, exp: now + 600 })}.`;
        tokens.add(t);
        return t;
      };

      it('finding 1: verify: false with assumeRole() is refused at construction; no forged identity gets credentials', async () => {
        const before = exchanges();
        await expect(
          app({
            verify: false,
            source: assumeRole({
              roleArn: BROKER_ROLE_ARN,
              endpoint: aws.endpoint,
              credentials: DEFAULT_ACCESS_KEY,
            }),
          }).then(async (a) => (await get(a, '/api/me', bearer(forged('victim')))).body),
        ).rejects.toMatchObject({
          code: 'Configuration',
          message: expect.stringMatching(/verify: false is refused/),
        });
        expect(exchanges()).toBe(before);
      });

      it('finding 3: assumeRole({ cacheKey }) — a changed claim that shapes the session policy gets new credentials at once', async () => {
        const policyFor = (id: VerifiedIdentity) => ({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: 's3:*',
              Resource: `arn:aws:s3:::demo-uploads/uploads/${String(id.claims.team)}/*`,
            },
          ],
        });
        const a = await app({
          source: assumeRole({
            roleArn: BROKER_ROLE_ARN,
            endpoint: aws.endpoint,
            credentials: DEFAULT_ACCESS_KEY,
            sessionPolicy: policyFor,
            cacheKey: (id) => id.claims.team,
          }),
        });
        const red = await idToken('nora', { team: 'red' });
        expect((await get(a, '/api/files/red/x.txt', bearer(red), 'PUT')).body).toEqual({
          stored: 'uploads/red/x.txt',
        });
        const before = aws.calls({ action: 'AssumeRole' }).length;
        const blue = await idToken('nora', { team: 'blue' }); // same user, moved to another team
        expect((await get(a, '/api/files/blue/x.txt', bearer(blue), 'PUT')).body).toEqual({
          stored: 'uploads/blue/x.txt',
        });
        expect((await get(a, '/api/files/red/y.txt', bearer(blue), 'PUT')).body).toEqual({
          error: 'AccessDenied',
        });
        expect(aws.calls({ action: 'AssumeRole' })).toHaveLength(before + 1);
      });

      (endpoint ? it : undeclared)(
        'finding 5: the credential endpoint refuses other origins and cross-site requests before any exchange or rate-limit charge',
        async () => {
          const e = await app(
            {},
            { cors: { origins: ['http://app.example'] }, rateLimit: { limit: 2, windowMs: 60_000 } },
          );
          const t = await idToken('olga');
          const before = exchanges();
          const refused: Record<string, string>[] = [
            { origin: 'http://evil.example' },
            { origin: 'null' },
            { 'sec-fetch-site': 'cross-site' },
            { origin: 'http://evil.example', 'sec-fetch-site': 'same-site' },
          ];
          for (const headers of refused) {
            const res = await get(e, '/aws/credentials', { ...bearer(t), ...headers });
            expect(res.status, JSON.stringify(headers)).toBe(403);
            expect(res.headers.get('content-type')).toBe('application/problem+json');
            expect(res.body.code).toBe('AccessDenied');
            expect(res.headers.get('access-control-allow-origin')).toBeNull();
          }
          expect(exchanges()).toBe(before);
          // Same origin and a listed cross-site origin are served; the refusals did not spend the limit of 2.
          const same = await get(e, '/aws/credentials', {
            ...bearer(t),
            origin: e.url,
            'sec-fetch-site': 'same-origin',
          });
          expect(same.status).toBe(200);
          const listed = await get(e, '/aws/credentials', {
            ...bearer(t),
            origin: 'http://app.example',
            'sec-fetch-site': 'cross-site',
          });
          expect(listed.status).toBe(200);
          expect((await get(e, '/aws/credentials', bearer(t))).status).toBe(429);
        },
      );

      it('finding 1: verify: false with webIdentity: the forged token reaches STS, which refuses it', async () => {
        const a = await app({ verify: false });
        const before = aws.calls({ action: 'AssumeRoleWithWebIdentity' }).length;
        const res = await get(a, '/api/me', bearer(forged('victim')));
        expect(res.status).toBe(401);
        expect(res.body.code).toBe('InvalidIdentityToken');
        const calls = aws.calls({ action: 'AssumeRoleWithWebIdentity' });
        expect(calls).toHaveLength(before + 1);
        expect(calls.at(-1)?.outcome).toBe('InvalidIdentityToken');
      });
    });

    (endpoint ? describe : undeclared)('issue 22: the credential endpoint’s origin rule', () => {
      it('issue 22: a same-site request without Origin, and an Origin of another scheme, are refused too', async () => {
        const e = await app({}, { rateLimit: { limit: 3, windowMs: 60_000 } });
        const t = await idToken('pia');
        const before = exchanges();
        const otherScheme = e.url.replace(/^http:/, 'https:');
        const refused: Record<string, string>[] = [
          { 'sec-fetch-site': 'same-site' }, // a sibling subdomain's <img> or <script>: cookies, no Origin
          { origin: otherScheme }, // same host, another scheme (an older browser: no Sec-Fetch-Site)
          { origin: e.url, 'x-forwarded-proto': 'https' }, // behind a TLS proxy, an http page is another origin
        ];
        for (const headers of refused) {
          const res = await get(e, '/aws/credentials', { ...bearer(t), ...headers });
          expect(res.status, JSON.stringify(headers)).toBe(403);
          expect(res.body.code).toBe('AccessDenied');
        }
        expect(exchanges()).toBe(before);
        const served: Record<string, string>[] = [
          { origin: e.url }, // an older browser, same scheme and host
          { origin: otherScheme, 'x-forwarded-proto': 'https' }, // the https app behind a TLS proxy
          { 'sec-fetch-site': 'same-origin' }, // a same-origin GET carries no Origin
        ];
        for (const headers of served) {
          expect(
            (await get(e, '/aws/credentials', { ...bearer(t), ...headers })).status,
            JSON.stringify(headers),
          ).toBe(200);
        }
      });
    });

    describe('logs', () => {
      it('events captured during the whole suite contain no token or secret', () => {
        expect(logs.length).toBeGreaterThan(10);
        expect(logs.some((e) => e.event === 'credentials.exchange')).toBe(true);
        expect(logs.some((e) => e.event === 'request.rejected')).toBe(true);
        const text = JSON.stringify(logs);
        expect(tokens.size).toBeGreaterThan(10);
        if (endpoint) expect(secrets.size).toBeGreaterThan(0); // secrets are read from the endpoint's answers
        for (const t of tokens) expect(text.includes(t)).toBe(false);
        for (const s of secrets) expect(text.includes(s)).toBe(false);
      });
    });
  });
}
