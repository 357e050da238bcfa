// The store's contract, run with every client (node-redis, ioredis, iovalkey, Valkey GLIDE) on one server and on a
// cluster: two brokers with their own client and store stand for two instances of a fleet, on a real Redis.
import { type CredentialsBroker, createCredentialsBroker } from '@web-identity/node';
import { afterEach, describe, expect, it } from 'vitest';
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
  type Target,
  type TestClient,
  until,
} from './helpers.js';

export interface Instance {
  broker: CredentialsBroker;
  store: RedisStore;
  client: TestClient;
  log: ReturnType<typeof logSink>;
}

/** Makes "instances" (client + store + broker) on `target`, closed after each test. */
export function instances(kind: ClientKind, target: () => Target) {
  const open: { close(): unknown }[] = [];
  afterEach(async () => {
    for (const o of open.splice(0)) await o.close();
  });
  async function instance(
    fake: ReturnType<typeof fakeSource>,
    opts: Partial<RedisStoreOptions> & { keys: string },
  ): Promise<Instance> {
    const client = await connect(kind, target());
    const log = logSink();
    // 1 s read deadlines unless a test says otherwise: this machine is shared, and the tests below are not about
    // slow answers (redisStore.test.ts is).
    const store = redisStore({
      client: client.client,
      prefix: `t-${kind}:`,
      timeoutMs: 1_000,
      ...(client.pubsub ? { pubsub: client.pubsub } : {}),
      ...(client.subscriber ? { subscriber: client.subscriber } : {}),
      ...opts,
    });
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
  return { instance, open };
}

/** Sharing, the fleet lock, refresh, bad entries and rotation with `kind` on `target`. */
export function storeContract(kind: ClientKind, name: string, target: () => Target): void {
  sharingContract(kind, name, target);
  refreshContract(kind, name, target);
}

export function sharingContract(kind: ClientKind, name: string, target: () => Target): void {
  const { instance, open } = instances(kind, target);
  describe(`redisStore with ${name}: sharing and the fleet lock`, () => {
    it('one exchange serves every instance; Redis holds only sealed values under HMAC names, until the mandatory window', async () => {
      const fake = fakeSource();
      const keys = newKeys();
      const a = await instance(fake, { keys });
      const b = await instance(fake, { keys });
      const fromA = await a.broker.forRequest(req('alice-share'));
      const fromB = await b.broker.forRequest(req('alice-share'));
      expect(fake.calls).toEqual(['alice-share']);
      expect(fromB?.credentials.accessKeyId).toBe(fromA?.credentials.accessKeyId);
      expect(fromB?.credentials.secretAccessKey).toBe(fromA?.credentials.secretAccessKey);

      const look = await inspector(target());
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
      const a = await instance(fake, { keys, pollMs: 60_000, lockTtlMs: 60_000 });
      const b = await instance(fake, { keys, pollMs: 60_000, lockTtlMs: 60_000 });
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
      const b = await instance(fake, { keys, pollMs: 50, lockTtlMs: 400 });
      const look = await inspector(target());
      open.push({ close: () => look.destroy() });
      const auth = (await b.broker.authenticate(req('carol-orphan')))!;
      const names = keyNames(parseKeyring(keys), `t-${kind}:`, auth.key);
      // A holder that died: its lock expires on its own, no message ever comes.
      await look.set(names.lock, 'dead-holder', 300);
      const answer = await b.broker.forRequest(req('carol-orphan'));
      expect(answer?.identity.subject).toBe('carol-orphan');
      expect(fake.calls).toEqual(['carol-orphan']);
      // A holder that never lets go (longer than the TTL a waiter honours): the waiter exchanges itself.
      const dave = (await b.broker.authenticate(req('dave-stuck')))!;
      await look.set(keyNames(parseKeyring(keys), `t-${kind}:`, dave.key).lock, 'stuck', 60_000);
      expect((await b.broker.forRequest(req('dave-stuck')))?.identity.subject).toBe('dave-stuck');
      expect(fake.calls).toEqual(['carol-orphan', 'dave-stuck']);
    });
  });
}

function refreshContract(kind: ClientKind, name: string, target: () => Target): void {
  const { instance, open } = instances(kind, target);
  describe(`redisStore with ${name}: refresh, bad entries, rotation`, () => {
    it('inside the advisory window one instance refreshes for the fleet while both keep serving the valid keys', async () => {
      const fake = fakeSource(4_000); // windows shrink: advisory 2 s, mandatory 1 s before expiry
      const keys = newKeys();
      const a = await instance(fake, { keys, pollMs: 60_000 });
      const b = await instance(fake, { keys, pollMs: 60_000 });
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
      const a = await instance(fake, { keys });
      const look = await inspector(target());
      open.push({ close: () => look.destroy() });
      const ring = parseKeyring(keys);
      const nameOf = async (user: string) =>
        keyNames(ring, `t-${kind}:`, (await a.broker.authenticate(req(user)))!.key).entries[0]!;
      await look.set(await nameOf('frank-bad'), 'v1.k1.garbage.garbage.garbage');
      expect((await a.broker.forRequest(req('frank-bad')))?.identity.subject).toBe('frank-bad');
      // grace's sealed entry moved onto heidi's key: the AAD (the key name) no longer matches.
      const b = await instance(fake, { keys });
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
      const before = await instance(fake, { keys: oldKeys });
      await before.broker.forRequest(req('ivan-rotate'));
      const after = await instance(fake, { keys: rotated });
      expect((await after.broker.forRequest(req('ivan-rotate')))?.identity.subject).toBe('ivan-rotate');
      expect(fake.calls).toEqual(['ivan-rotate']);
      await after.broker.forRequest(req('judy-rotate'));
      const look = await inspector(target());
      open.push({ close: () => look.destroy() });
      const name = keyNames(
        parseKeyring(rotated),
        `t-${kind}:`,
        (await after.broker.authenticate(req('judy-rotate')))!.key,
      ).entries[0]!;
      expect(await look.get(name)).toMatch(/^v1\.new\./);
    });
  });
}
