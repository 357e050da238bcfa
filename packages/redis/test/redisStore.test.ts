// redisStore against a real redis-server (started here, on a free port, no persistence), with every client,
// behind the real broker of @web-identity/node: two brokers with their own client and store stand for two
// instances of a fleet. The same contract on a cluster is cluster.test.ts; TLS and ACL are tls.test.ts.
import { CredentialsError, createCredentialsBroker } from '@web-identity/node';
import { type LocalRedis, startLocalRedis } from '@web-identity/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RedisClientLike } from '../src/redisClient.js';
import { redisStore } from '../src/redisStore.js';
import { instances, storeContract } from './contract.js';
import {
  CLIENT_KINDS,
  type ClientKind,
  connect,
  extractor,
  fakeSource,
  logSink,
  newKeys,
  req,
  sleep,
  type Target,
  until,
} from './helpers.js';

let redis: LocalRedis;
beforeAll(async () => {
  redis = await startLocalRedis(); // throws (fails the suite) when redis-server cannot start
});
afterAll(async () => {
  await redis?.close();
});
const target = (): Target => ({ redis });

for (const kind of CLIENT_KINDS) storeContract(kind, `${kind} (one server)`, target);

describe.each<ClientKind>(['node-redis', 'ioredis'])('redisStore with %s: Redis slow or down', (kind) => {
  const { instance, open } = instances(kind, target);
  /** Every client of the server waits `ms` (`CLIENT PAUSE … ALL`): a connected but slow Redis. */
  const pauseRedis = async (ms: number) => {
    const look = await connect('node-redis', target());
    open.push(look);
    await (look.client as { sendCommand(args: string[]): Promise<unknown> }).sendCommand([
      'CLIENT',
      'PAUSE',
      String(ms),
      'ALL',
    ]);
  };
  it('Redis slow (every client paused 1.5 s, default 100 ms read deadline): a miss waits for Redis and the lock holder, never STS; no outage', async () => {
    const fake = fakeSource();
    const keys = newKeys();
    const a = await instance(fake, { keys, timeoutMs: 100, retryMs: 60_000 });
    const b = await instance(fake, { keys, timeoutMs: 100, retryMs: 60_000 });
    await a.broker.forRequest(req('liam-warm'));
    await b.broker.forRequest(req('liam-warm')); // connected, subscribers up
    await pauseRedis(1500);
    const users = ['slow-1', 'slow-2', 'slow-3'];
    const answers = await Promise.all(
      users.flatMap((user) => [a.broker.forRequest(req(user)), b.broker.forRequest(req(user))]),
    );
    expect(answers.map((x) => x?.identity.subject)).toEqual(users.flatMap((u) => [u, u]));
    expect(fake.calls.sort()).toEqual(['liam-warm', ...users]); // one exchange per user for both instances
    const own = [...a.log.events, ...b.log.events].filter((e) => e.event.startsWith('cache.'));
    expect(own).toEqual([]);
  });

  it('Redis stuck longer than the lock TTL: the waiter exchanges itself and the stall is one outage', async () => {
    const fake = fakeSource();
    const a = await instance(fake, { keys: newKeys(), timeoutMs: 100, lockTtlMs: 800, retryMs: 60_000 });
    await a.broker.forRequest(req('mia-warm'));
    await pauseRedis(3000);
    expect((await a.broker.forRequest(req('stuck-1')))?.identity.subject).toBe('stuck-1');
    expect((await a.broker.forRequest(req('stuck-2')))?.identity.subject).toBe('stuck-2');
    expect(fake.calls).toEqual(['mia-warm', 'stuck-1', 'stuck-2']);
    expect(a.log.events.filter((e) => e.event === 'cache.redis_unavailable')).toMatchObject([
      { code: 'TimeoutError' },
    ]);
    await sleep(2_300); // let the pause end before the next test
  });

  it('Redis down: requests are served from memory and direct exchanges, one warning; sharing resumes when it is back', async () => {
    const fake = fakeSource();
    const keys = newKeys();
    const a = await instance(fake, { keys, retryMs: 100 });
    const b = await instance(fake, { keys, retryMs: 100 });
    await a.broker.forRequest(req('kate-cached'));
    await b.broker.forRequest(req('kate-cached'));
    await redis.kill();
    try {
      // A cached user is answered from memory.
      for (let i = 0; i < 5; i++) {
        expect((await a.broker.forRequest(req('kate-cached')))?.identity.subject).toBe('kate-cached');
      }
      for (let i = 0; i < 10; i++) {
        const [ra, rb] = await Promise.all([
          a.broker.forRequest(req(`outage-${i}`)),
          b.broker.forRequest(req(`outage-${i}`)),
        ]);
        expect(ra?.identity.subject).toBe(`outage-${i}`);
        expect(rb?.identity.subject).toBe(`outage-${i}`);
        if (i === 4) await sleep(150); // past retryMs: Redis is probed again, still down, no second warning
      }
      const warnings = a.log.events.filter((e) => e.event === 'cache.redis_unavailable');
      expect(warnings).toHaveLength(1);
      // The store's own lines (the broker's audit line may name the subject, as CloudTrail does).
      const own = [...a.log.events, ...b.log.events].filter((e) => e.event.startsWith('cache.'));
      expect(JSON.stringify(own)).not.toMatch(/secret-|session-|outage-|kate|redis:\/\/|127\.0\.0\.1/);
    } finally {
      await redis.restart();
    }
    await until(() => a.client.ready() && b.client.ready(), 'both clients reconnected');
    await sleep(150);
    const calls = fake.calls.length;
    await until(async () => {
      const user = `resume-${fake.calls.length}`;
      await a.broker.forRequest(req(user));
      await b.broker.forRequest(req(user));
      return fake.calls.filter((c) => c === user).length === 1;
    }, 'a user exchanged on one instance read by the other');
    expect(fake.calls.length - calls).toBeLessThanOrEqual(4); // shared again within a probe or two
    expect(a.log.events.some((e) => e.event === 'cache.redis_recovered')).toBe(true);
  });
});

describe('redisStore configuration and the client', () => {
  const { open } = instances('node-redis', target);

  it('a wrong-length key is a Configuration error at start', async () => {
    const client = await connect('node-redis', target());
    open.push(client);
    expect(() =>
      redisStore({ client: client.client, keys: `k:${Buffer.alloc(16).toString('base64')}` }),
    ).toThrow(CredentialsError);
    expect(() =>
      redisStore({ client: client.client, keys: `k:${Buffer.alloc(16).toString('base64')}` }),
    ).toThrow(/needs exactly 32/);
    expect(() => redisStore({ client: client.client, keys: newKeys(), timeoutMs: 0 })).toThrow(/timeoutMs/);
    expect(() => redisStore({ client: client.client, keys: newKeys(), prefix: 'a{b}:' })).toThrow(/hash tag/);
  });

  it('a client the store cannot drive is a Configuration error at start, not an outage later', () => {
    for (const client of [{}, { get() {} }, { sendCommand() {} }, { call() {}, duplicate() {} }]) {
      expect(() => redisStore({ client: client as unknown as RedisClientLike, keys: newKeys() })).toThrow(
        expect.objectContaining({ code: 'Configuration', message: expect.stringMatching(/client must be/) }),
      );
    }
    expect(() => redisStore({ client: null as unknown as RedisClientLike, keys: newKeys() })).toThrow(
      expect.objectContaining({ code: 'Configuration' }),
    );
  });

  it('a client that throws a TypeError is an error line, never an outage: the request is answered, Redis stays in use', async () => {
    const fake = fakeSource();
    const log = logSink();
    let calls = 0;
    const broken = {
      sendCommand() {
        calls++;
        throw new TypeError("Cannot read properties of undefined (reading 'map')");
      },
      duplicate() {
        throw new TypeError('no duplicate');
      },
      on() {},
      off() {},
    } as unknown as RedisClientLike;
    const store = redisStore({ client: broken, keys: newKeys(), logger: log.logger });
    const broker = createCredentialsBroker({
      region: 'eu-west-1',
      source: fake.source,
      token: extractor,
      cache: store,
    });
    for (const user of ['nina-1', 'nina-2'])
      expect((await broker.forRequest(req(user)))?.identity.subject).toBe(user);
    expect(calls).toBeGreaterThanOrEqual(4); // still tried: not marked down
    expect(log.events.map((e) => [e.level, e.event, e.code])).toEqual([
      ['error', 'cache.redis_misuse', 'TypeError'],
    ]);
  });

  it.each<ClientKind>(['node-redis', 'ioredis', 'iovalkey'])(
    "close() removes the store's error listener from the client (%s)",
    async (kind) => {
      const client = await connect(kind, target());
      open.push(client);
      const emitter = client.client as unknown as { listenerCount(event: string): number };
      const before = emitter.listenerCount('error');
      const stores = [0, 1, 2].map(() => redisStore({ client: client.client, keys: newKeys() }));
      expect(emitter.listenerCount('error')).toBe(before + 3);
      for (const store of stores) store.close();
      expect(emitter.listenerCount('error')).toBe(before);
    },
  );
});
