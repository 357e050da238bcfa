// redisStore against a real redis-server (started here, on a free port, no persistence), with node-redis and
// ioredis, behind the real broker of @web-identity/node: two brokers with their own client and store stand for
// two instances of a fleet.
import { type CredentialsBroker, CredentialsError, createCredentialsBroker } from '@web-identity/node';
import { type LocalRedis, startLocalRedis } from '@web-identity/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { keyNames } from '../src/keyNames.js';
import { parseKeyring } from '../src/keyring.js';
import { type RedisStore, type RedisStoreOptions, redisStore } from '../src/redisStore.js';
import {
  type ClientKind,
  connect,
  extractor,
  fakeSource,
  inspector,
  logSink,
  newKeys,
  req,
  sleep,
  type TestClient,
  until,
} from './helpers.js';

let redis: LocalRedis;
beforeAll(async () => {
  redis = await startLocalRedis(); // throws (fails the suite) when redis-server cannot start
});
afterAll(async () => {
  await redis?.close();
});

const open: { close(): unknown }[] = [];
afterEach(async () => {
  for (const o of open.splice(0)) await o.close();
});

/** One "instance": its own client, store and broker, on the shared Redis. */
async function instance(
  kind: ClientKind,
  fake: ReturnType<typeof fakeSource>,
  opts: Partial<RedisStoreOptions> & { keys: string },
): Promise<{
  broker: CredentialsBroker;
  store: RedisStore;
  client: TestClient;
  log: ReturnType<typeof logSink>;
}> {
  const client = await connect(kind, redis.url);
  const log = logSink();
  // 1 s deadlines unless a test says otherwise: this machine is shared, and a process can wait longer than the
  // default 100 ms for the CPU; the test of slow answers below uses the default.
  const store = redisStore({ client: client.client, prefix: `t-${kind}:`, timeoutMs: 1_000, ...opts });
  open.push(client, store);
  const broker = createCredentialsBroker({
    region: 'eu-west-1',
    source: fake.source,
    token: extractor,
    cache: store,
    logger: log.logger,
  });
  return { broker, store, client, log };
}

describe.each<ClientKind>(['node-redis', 'ioredis'])(
  'redisStore with %s: sharing and the fleet lock',
  (kind) => {
    it('one exchange serves every instance; Redis holds only sealed values under HMAC names, until the mandatory window', async () => {
      const fake = fakeSource();
      const keys = newKeys();
      const a = await instance(kind, fake, { keys });
      const b = await instance(kind, fake, { keys });
      const fromA = await a.broker.forRequest(req('alice-share'));
      const fromB = await b.broker.forRequest(req('alice-share'));
      expect(fake.calls).toEqual(['alice-share']);
      expect(fromB?.credentials.accessKeyId).toBe(fromA?.credentials.accessKeyId);
      expect(fromB?.credentials.secretAccessKey).toBe(fromA?.credentials.secretAccessKey);

      const look = await inspector(redis.url);
      open.push({ close: () => look.destroy() });
      const names = await look.keys(`t-${kind}:*`);
      expect(names).toHaveLength(1);
      const [name] = names as [string];
      expect(name).not.toContain('alice');
      const value = (await look.get(name))!;
      expect(value).toMatch(/^v1\.k1\./);
      for (const secret of [
        'alice',
        fromA!.credentials.secretAccessKey,
        fromA!.credentials.sessionToken!,
        'ASIA',
      ]) {
        expect(value).not.toContain(secret);
      }
      // Expires in Redis at expiry minus the mandatory window (1 min for an hour-long lifetime).
      const pttl = await look.pTTL(name);
      expect(pttl).toBeLessThanOrEqual(3_600_000 - 60_000);
      expect(pttl).toBeGreaterThan(3_600_000 - 60_000 - 30_000);
    });

    it('fleet single flight: concurrent misses on two instances cost one exchange; the waiter is woken by the "done" message', async () => {
      const fake = fakeSource();
      const keys = newKeys();
      // A poll slower than the test's timeout: only the pub/sub message can wake the waiter in time.
      const a = await instance(kind, fake, { keys, pollMs: 60_000, lockTtlMs: 60_000 });
      const b = await instance(kind, fake, { keys, pollMs: 60_000, lockTtlMs: 60_000 });
      const release = fake.hold();
      const first = a.broker.forRequest(req('bob-flight'));
      await until(() => fake.calls.length === 1, 'the first exchange');
      const second = Promise.all([
        b.broker.forRequest(req('bob-flight')),
        b.broker.forRequest(req('bob-flight')),
      ]);
      await sleep(200); // b is waiting on the lock now
      release();
      const [ra, [rb1, rb2]] = await Promise.all([first, second]);
      expect(fake.calls).toHaveLength(1);
      expect(rb1?.credentials.accessKeyId).toBe(ra?.credentials.accessKeyId);
      expect(rb2?.credentials.accessKeyId).toBe(ra?.credentials.accessKeyId);
      expect(a.broker.stats().exchanges + b.broker.stats().exchanges).toBe(1);
    });

    it('a waiter takes a lock its holder left behind (poll fallback), and exchanges itself after the lock TTL', async () => {
      const fake = fakeSource();
      const keys = newKeys();
      const b = await instance(kind, fake, { keys, pollMs: 50, lockTtlMs: 400 });
      const look = await inspector(redis.url);
      open.push({ close: () => look.destroy() });
      const auth = (await b.broker.authenticate(req('carol-orphan')))!;
      const names = keyNames(parseKeyring(keys), `t-${kind}:`, auth.key);
      // A holder that died: its lock expires on its own, no message ever comes.
      await look.set(names.lock, 'dead-holder', { PX: 300 });
      const answer = await b.broker.forRequest(req('carol-orphan'));
      expect(answer?.identity.subject).toBe('carol-orphan');
      expect(fake.calls).toEqual(['carol-orphan']);
      // A holder that never lets go (longer than the TTL a waiter honours): the waiter exchanges itself.
      const dave = (await b.broker.authenticate(req('dave-stuck')))!;
      await look.set(keyNames(parseKeyring(keys), `t-${kind}:`, dave.key).lock, 'stuck', { PX: 60_000 });
      expect((await b.broker.forRequest(req('dave-stuck')))?.identity.subject).toBe('dave-stuck');
      expect(fake.calls).toEqual(['carol-orphan', 'dave-stuck']);
    });
  },
);

describe.each<ClientKind>(['node-redis', 'ioredis'])(
  'redisStore with %s: refresh, bad entries, rotation',
  (kind) => {
    it('inside the advisory window one instance refreshes for the fleet while both keep serving the valid keys', async () => {
      const fake = fakeSource(4_000); // windows shrink: advisory 2 s, mandatory 1 s before expiry
      const keys = newKeys();
      const a = await instance(kind, fake, { keys, pollMs: 60_000 });
      const b = await instance(kind, fake, { keys, pollMs: 60_000 });
      const old = await a.broker.forRequest(req('erin-refresh'));
      await b.broker.forRequest(req('erin-refresh'));
      expect(fake.calls).toHaveLength(1);
      await sleep(2_200); // into the advisory window, not the mandatory one
      const release = fake.hold();
      const [sa, sb] = await Promise.all([
        a.broker.forRequest(req('erin-refresh')),
        b.broker.forRequest(req('erin-refresh')),
      ]);
      expect(sa?.credentials.accessKeyId).toBe(old?.credentials.accessKeyId);
      expect(sb?.credentials.accessKeyId).toBe(old?.credentials.accessKeyId);
      await sleep(100);
      release();
      await until(async () => {
        const [na, nb] = await Promise.all([
          a.broker.forRequest(req('erin-refresh')),
          b.broker.forRequest(req('erin-refresh')),
        ]);
        return (
          na?.credentials.accessKeyId !== old?.credentials.accessKeyId &&
          nb?.credentials.accessKeyId === na?.credentials.accessKeyId
        );
      }, 'both instances on the refreshed keys');
      expect(fake.calls).toHaveLength(2);
    });

    it("a corrupt entry or one copied from another user's key is a miss: logged once, deleted, never an exception", async () => {
      const fake = fakeSource();
      const keys = newKeys();
      const a = await instance(kind, fake, { keys });
      const look = await inspector(redis.url);
      open.push({ close: () => look.destroy() });
      const ring = parseKeyring(keys);
      const nameOf = async (user: string) =>
        keyNames(ring, `t-${kind}:`, (await a.broker.authenticate(req(user)))!.key).entries[0]!;
      await look.set(await nameOf('frank-bad'), 'v1.k1.garbage.garbage.garbage');
      expect((await a.broker.forRequest(req('frank-bad')))?.identity.subject).toBe('frank-bad');
      // grace's sealed entry moved onto heidi's key: the AAD (the key name) no longer matches.
      const b = await instance(kind, fake, { keys });
      await b.broker.forRequest(req('grace-victim'));
      await look.set(await nameOf('heidi-thief'), (await look.get(await nameOf('grace-victim')))!);
      const heidi = await a.broker.forRequest(req('heidi-thief'));
      expect(heidi?.identity.subject).toBe('heidi-thief');
      expect(fake.calls).toEqual(['frank-bad', 'grace-victim', 'heidi-thief']);
      expect(a.log.events.filter((e) => e.event === 'cache.redis_bad_entry')).toHaveLength(1);
      // Replaced by the fresh, valid entries (the bad ones were deleted or overwritten).
      for (const user of ['frank-bad', 'heidi-thief'])
        expect(await look.get(await nameOf(user))).toMatch(/^v1\.k1\./);
    });

    it('keyring rotation: entries sealed with the old key are still read; new ones are sealed with the new key', async () => {
      const fake = fakeSource();
      const oldKeys = newKeys().replace('k1:', 'old:');
      const rotated = `${newKeys().replace('k1:', 'new:')},${oldKeys}`;
      const before = await instance(kind, fake, { keys: oldKeys });
      await before.broker.forRequest(req('ivan-rotate'));
      const after = await instance(kind, fake, { keys: rotated });
      expect((await after.broker.forRequest(req('ivan-rotate')))?.identity.subject).toBe('ivan-rotate');
      expect(fake.calls).toEqual(['ivan-rotate']);
      await after.broker.forRequest(req('judy-rotate'));
      const look = await inspector(redis.url);
      open.push({ close: () => look.destroy() });
      const name = keyNames(
        parseKeyring(rotated),
        `t-${kind}:`,
        (await after.broker.authenticate(req('judy-rotate')))!.key,
      ).entries[0]!;
      expect(await look.get(name)).toMatch(/^v1\.new\./);
    });
  },
);

describe.each<ClientKind>(['node-redis', 'ioredis'])('redisStore with %s: Redis slow or down', (kind) => {
  it('Redis slow (every client paused): the default 100 ms deadline answers the request; three slow calls are one outage', async () => {
    const fake = fakeSource();
    const a = await instance(kind, fake, { keys: newKeys(), timeoutMs: 100, retryMs: 60_000 });
    await a.broker.forRequest(req('liam-warm')); // connected, subscriber up
    const look = await inspector(redis.url);
    open.push({ close: () => look.destroy() });
    await look.sendCommand(['CLIENT', 'PAUSE', '3000', 'ALL']);
    try {
      for (const user of ['slow-1', 'slow-2', 'slow-3']) {
        expect((await a.broker.forRequest(req(user)))?.identity.subject).toBe(user);
      }
    } finally {
      await look.sendCommand(['CLIENT', 'UNPAUSE']);
    }
    expect(fake.calls).toEqual(['liam-warm', 'slow-1', 'slow-2', 'slow-3']);
    expect(a.log.events.filter((e) => e.event === 'cache.redis_unavailable')).toMatchObject([
      { code: 'TimeoutError' },
    ]);
  });

  it('Redis down: requests are served from memory and direct exchanges, one warning; sharing resumes when it is back', async () => {
    const fake = fakeSource();
    const keys = newKeys();
    const a = await instance(kind, fake, { keys, retryMs: 100 });
    const b = await instance(kind, fake, { keys, retryMs: 100 });
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

describe('redisStore configuration', () => {
  it('a wrong-length key is a Configuration error at start', async () => {
    const client = await connect('node-redis', redis.url);
    open.push(client);
    expect(() =>
      redisStore({ client: client.client, keys: `k:${Buffer.alloc(16).toString('base64')}` }),
    ).toThrow(CredentialsError);
    expect(() =>
      redisStore({ client: client.client, keys: `k:${Buffer.alloc(16).toString('base64')}` }),
    ).toThrow(/needs exactly 32/);
    expect(() => redisStore({ client: client.client, keys: newKeys(), timeoutMs: 0 })).toThrow(/timeoutMs/);
  });
});
