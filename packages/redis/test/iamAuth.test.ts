// ElastiCache / MemoryDB IAM authentication: the token's shape against AWS's documented format, its signature
// recomputed from the SigV4 specification (a differential test of the signer), the renewal schedule on a fake
// clock, and re-authentication of live node-redis and ioredis connections on a real redis-server.
import { createHash, createHmac } from 'node:crypto';
import { type LocalRedis, startLocalRedis } from '@web-identity/testing';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  elastiCacheIamAuth,
  elastiCacheIamToken,
  IAM_CONNECTION_LIMIT_MS,
  type IoRedisAuthLike,
  iamTokenPlan,
} from '../src/iamAuth.js';

const credentials = {
  accessKeyId: 'ASIAEXAMPLEFLEET',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLE/session+token=',
};
const base = { cacheName: 'Fleet-Cache', userId: 'web-identity', region: 'eu-west-1', credentials };
const at = new Date('2026-12-05T08:00:00.000Z');

/** SigV4 query signing written from AWS's specification, with node:crypto: the reference the signer must match. */
function referenceSignature(token: string, service: string): string {
  const [host, search] = token.split('/?') as [string, string];
  const pairs = search.split('&').filter((p) => !p.startsWith('X-Amz-Signature='));
  const canonicalQuery = pairs.sort().join('&');
  const emptyHash = createHash('sha256').update('').digest('hex');
  const canonical = ['GET', '/', canonicalQuery, `host:${host}`, '', 'host', emptyHash].join('\n');
  const scope = `20261205/eu-west-1/${service}/aws4_request`;
  const stringToSign = [
    'AWS4-HMAC-SHA256',
    '20261205T080000Z',
    scope,
    createHash('sha256').update(canonical).digest('hex'),
  ].join('\n');
  let key: Buffer = createHmac('sha256', `AWS4${credentials.secretAccessKey}`).update('20261205').digest();
  for (const part of ['eu-west-1', service, 'aws4_request'])
    key = createHmac('sha256', key).update(part).digest();
  return createHmac('sha256', key).update(stringToSign).digest('hex');
}

describe('elastiCacheIamToken', () => {
  it('has the documented shape: <cache>/?Action=connect&User=<user>&X-Amz-…, no scheme, 900 s, signed host only', async () => {
    const token = await elastiCacheIamToken(base, at);
    expect(token.startsWith('fleet-cache/?')).toBe(true); // lower-cased cache name, no http://
    const q = new URLSearchParams(token.split('/?')[1]);
    expect(q.get('Action')).toBe('connect');
    expect(q.get('User')).toBe('web-identity');
    expect(q.has('ResourceType')).toBe(false);
    expect(q.get('X-Amz-Algorithm')).toBe('AWS4-HMAC-SHA256');
    expect(q.get('X-Amz-Credential')).toBe('ASIAEXAMPLEFLEET/20261205/eu-west-1/elasticache/aws4_request');
    expect(q.get('X-Amz-Date')).toBe('20261205T080000Z');
    expect(q.get('X-Amz-Expires')).toBe('900');
    expect(q.get('X-Amz-SignedHeaders')).toBe('host');
    expect(q.get('X-Amz-Security-Token')).toBe(credentials.sessionToken);
    expect(q.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    expect(token).not.toMatch(/[ +]/); // every value URI-encoded (the session token's + and / too)
  });

  it('serverless adds ResourceType=ServerlessCache; MemoryDB signs for memorydb', async () => {
    const serverless = new URLSearchParams(
      (await elastiCacheIamToken({ ...base, serverless: true }, at)).split('/?')[1],
    );
    expect(serverless.get('ResourceType')).toBe('ServerlessCache');
    const memorydb = new URLSearchParams(
      (await elastiCacheIamToken({ ...base, service: 'memorydb' }, at)).split('/?')[1],
    );
    expect(memorydb.get('X-Amz-Credential')).toContain('/memorydb/aws4_request');
  });

  it.each([
    ['elasticache', {}],
    ['elasticache', { serverless: true }],
    ['memorydb', { service: 'memorydb' as const }],
  ])('its signature is the one the SigV4 specification gives (%s %o)', async (service, extra) => {
    const token = await elastiCacheIamToken({ ...base, ...extra }, at);
    expect(new URLSearchParams(token.split('/?')[1]).get('X-Amz-Signature')).toBe(
      referenceSignature(token, service),
    );
  });

  it('a missing field or a renewal past 15 minutes is a Configuration error', async () => {
    await expect(elastiCacheIamToken({ ...base, userId: '' })).rejects.toMatchObject({
      code: 'Configuration',
    });
    expect(() => elastiCacheIamAuth({ ...base, renewMs: 15 * 60_000 })).toThrow(/under 15 minutes/);
  });
});

/**
 * Moves the fake clock by `ms` in one-minute steps; after each, real I/O (WebCrypto) runs until `settled()` says
 * what the step should have caused has happened (at most a few thousand turns: a wrong schedule still fails).
 */
async function advance(ms: number, settled: () => boolean = () => true): Promise<void> {
  for (let t = 0; t < ms; t += 60_000) {
    await vi.advanceTimersByTimeAsync(Math.min(60_000, ms - t));
    // Fake time stands still until the renewals due by now have finished signing (WebCrypto on the thread pool,
    // slow on a busy machine): bounded in real time (performance.now() is not faked), not in loop turns, which a
    // loaded machine used up before the signature was ready (a renewal then landed a fake minute late).
    const until = performance.now() + 2_000;
    while (!settled() && performance.now() < until) await new Promise((r) => setImmediate(r));
  }
}

describe('the renewal schedule', () => {
  it.each([
    // signedAt, options, expiresAt, renewAt (minutes)
    [0, {}, 15, 10],
    [0, { renewMs: 5 * 60_000 }, 15, 5],
    [0, { failedAt: 10 * 60_000 }, 15, 10.5],
    [0, { failedAt: 11 * 60_000, retryMs: 60_000 }, 15, 12],
  ])('iamTokenPlan(%i, %o): expires at %i min, renews at %i min', (signedAt, opts, expires, renew) => {
    const plan = iamTokenPlan(signedAt, opts);
    expect(plan.expiresAt).toBe(expires * 60_000);
    expect(plan.renewAt).toBe(renew * 60_000);
  });

  describe('on a fake clock', () => {
    // Timers and Date are fake; setImmediate stays real so WebCrypto (the signer's SHA-256, which completes on
    // the thread pool) can finish between steps.
    beforeEach(() => {
      vi.useFakeTimers({ now: at, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    });
    afterEach(() => {
      vi.useRealTimers();
    });

    it('over 12 hours, every live connection is re-authenticated every 10 minutes with a token signed then', async () => {
      const iam = elastiCacheIamAuth(base);
      const auths: { at: number; token: string }[] = [];
      const fake: IoRedisAuthLike = {
        options: {},
        call: async (command, _user, token) => {
          expect(command).toBe('AUTH');
          auths.push({ at: Date.now(), token: token! });
          return 'OK';
        },
      };
      const pushed: number[] = [];
      const [first, sub] = await iam.credentialsProvider.subscribe({
        onNext: () => void pushed.push(Date.now()),
        onError: () => {},
      });
      expect(first.username).toBe('web-identity');
      const stop = iam.keepAuthenticated(fake);
      const due = () => Math.floor((Date.now() - at.getTime()) / (10 * 60_000)); // renewals so far
      await advance(IAM_CONNECTION_LIMIT_MS, () => auths.length >= due() && pushed.length >= due());
      expect(auths.length).toBe(72);
      expect(pushed.length).toBe(72);
      let last = at.getTime();
      for (const auth of auths) {
        expect(auth.at - last).toBeLessThanOrEqual(10 * 60_000); // never near the 12-hour limit
        last = auth.at;
        const signed = new URLSearchParams(auth.token.split('/?')[1]).get('X-Amz-Date')!;
        const signedAt = Date.parse(
          signed.replace(/(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z/, '$1-$2-$3T$4:$5:$6Z'),
        );
        expect(auth.at - signedAt).toBeLessThan(1_000); // a token signed for this AUTH, far from its 15 minutes
      }
      expect(fake.options.password).toBe(auths.at(-1)!.token); // reconnects use the newest token
      stop();
      sub.dispose();
      await advance(60 * 60_000);
      expect(auths.length).toBe(72); // nothing attached: no renewal
      iam.close();
    });

    it('a failed renewal is reported and retried every 30 s while the token lasts', async () => {
      let fail = false;
      const errors: unknown[] = [];
      const iam = elastiCacheIamAuth({
        ...base,
        credentials: async () => {
          if (fail) throw new Error('no credentials');
          return credentials;
        },
        onError: (err) => errors.push(err),
      });
      const auths: number[] = [];
      iam.keepAuthenticated({ options: {}, call: async () => void auths.push(Date.now()) });
      await advance(1);
      fail = true;
      const minutes = () => (Date.now() - at.getTime()) / 60_000;
      // failures due at 10:00, 10:30, 11:00
      await advance(
        11 * 60_000,
        () => errors.length >= Math.max(0, Math.floor((minutes() - 10) * 2) + 1) || minutes() < 10,
      );
      expect(errors.length).toBe(3);
      fail = false;
      await advance(30_000, () => auths.length >= 2);
      expect(auths.length).toBe(2); // the first, then the retry that worked
      iam.close();
    });
  });
});

describe('re-authentication on a real Redis (an ACL user that takes any password, as the token changes)', () => {
  let redis: LocalRedis;
  beforeEach(async () => {
    redis = await startLocalRedis({ users: ['web-identity on nopass ~* &* +@all'] });
  });
  afterEach(async () => {
    await redis?.close();
  });
  const authCalls = async (client: { sendCommand(a: string[]): Promise<unknown> }) =>
    Number(
      /cmdstat_auth:calls=(\d+)/.exec(String(await client.sendCommand(['INFO', 'commandstats'])))?.[1] ?? 0,
    );

  it('node-redis (credentialsProvider) and ioredis (keepAuthenticated) re-authenticate under load without a failed command', async () => {
    const iam = elastiCacheIamAuth({ ...base, renewMs: 100 });
    const nodeRedis = createClient({ url: redis.url, credentialsProvider: iam.credentialsProvider });
    const io = new Redis(redis.url, { username: 'web-identity', password: await iam.token() });
    const stop = iam.keepAuthenticated(io as unknown as IoRedisAuthLike);
    await nodeRedis.connect();
    try {
      const before = await authCalls(nodeRedis);
      const failures: unknown[] = [];
      const end = Date.now() + 800;
      let n = 0;
      while (Date.now() < end) {
        n++;
        await Promise.all([
          nodeRedis.set(`k${n}`, 'v').catch((e) => failures.push(e)),
          io.get(`k${n}`).catch((e) => failures.push(e)),
        ]);
      }
      expect(failures).toEqual([]);
      expect((await authCalls(nodeRedis)) - before).toBeGreaterThanOrEqual(8); // both clients, every ~100 ms
      expect(await nodeRedis.sendCommand(['ACL', 'WHOAMI'])).toBe('web-identity');
    } finally {
      stop();
      iam.close();
      nodeRedis.destroy();
      io.disconnect();
    }
  });
});
