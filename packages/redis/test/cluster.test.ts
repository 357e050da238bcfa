// The store on a real 3-master Redis Cluster (started here with redis-cli --cluster create): every client passes
// the same contract as on one server; one identity's entry, lock and channel share a hash slot; a master killed
// mid-load costs no request.
import { createCredentialsBroker } from '@web-identity/node';
import { type LocalRedisCluster, startLocalRedisCluster } from '@web-identity/testing';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyNames } from '../src/keyNames.js';
import { parseKeyring } from '../src/keyring.js';
import { redisStore } from '../src/redisStore.js';
import { sharingContract, storeContract } from './contract.js';
import {
  CLIENT_KINDS,
  connect,
  extractor,
  fakeSource,
  logSink,
  newKeys,
  req,
  storeAcl,
  type Target,
} from './helpers.js';

let cluster: LocalRedisCluster;
beforeAll(async () => {
  cluster = await startLocalRedisCluster(); // fails the suite when redis-server or redis-cli is missing
}, 60_000);
afterAll(async () => {
  await cluster?.close();
});
const target = (): Target => ({ cluster });

for (const kind of CLIENT_KINDS) storeContract(kind, `${kind} (3-master cluster)`, target);

describe('redisStore on a cluster', () => {
  it("one identity's entries, lock and channel are each in one slot (the entry under the sealing key with the lock and channel), and identities spread over the masters", async () => {
    const ring = parseKeyring(`${newKeys()},${newKeys().replace('k1:', 'k2:')}`);
    const node = createClient({ url: `redis://127.0.0.1:${cluster.rootNodes[0]!.port}` });
    await node.connect();
    try {
      const slot = async (key: string) => Number(await node.sendCommand(['CLUSTER', 'KEYSLOT', key]));
      const slots = new Set<number>();
      for (let i = 0; i < 30; i++) {
        const names = keyNames(ring, 'web-identity:', `identity-${i}`);
        const lockSlot = await slot(names.lock);
        expect(await slot(names.entries[0]!)).toBe(lockSlot);
        expect(await slot(names.channel)).toBe(lockSlot);
        slots.add(Math.floor(lockSlot / (16_384 / 3)));
      }
      expect(slots.size).toBe(3);
    } finally {
      node.destroy();
    }
  });

  it('a master killed mid-load costs no request (memory and direct exchanges); restarted, the cluster shares again', async () => {
    const fake = fakeSource();
    const keys = newKeys();
    const clients = await Promise.all([connect('node-redis', target()), connect('ioredis', target())]);
    const logs = clients.map(() => logSink());
    const brokers = clients.map((c, i) =>
      createCredentialsBroker({
        region: 'eu-west-1',
        source: fake.source,
        token: extractor,
        cache: redisStore({ client: c.client, keys, prefix: 'kill:', timeoutMs: 1_000, retryMs: 200 }),
        logger: logs[i]!.logger,
      }),
    );
    const failures: string[] = [];
    const ask = async (user: string) => {
      const answers = await Promise.allSettled(brokers.map((b) => b.forRequest(req(user))));
      for (const a of answers)
        if (a.status === 'rejected' || a.value?.identity.subject !== user)
          failures.push(`${user}: ${String(a.status === 'rejected' ? a.reason : a.value?.identity.subject)}`);
    };
    try {
      for (let i = 0; i < 40; i++) {
        if (i === 10) await cluster.kill(1);
        await Promise.all([ask(`kill-${i}-a`), ask(`kill-${i}-b`)]);
      }
      expect(failures).toEqual([]);
      await cluster.restart(1);
      const before = fake.calls.length;
      // Once the clients see the node again (and past retryMs), each new user costs one exchange for both.
      for (let i = 0; i < 40; i++) await ask(`back-${i}`);
      expect(failures).toEqual([]);
      expect(fake.calls.length - before).toBeLessThanOrEqual(40 + 10);
    } finally {
      for (const c of clients) await c.close();
    }
  }, 60_000);
});

describe('slots moving under load', () => {
  it('a resharding mid-load (redis-cli --cluster reshard: MOVED and ASK) fails no request and costs no extra exchange', async () => {
    const fake = fakeSource();
    const keys = newKeys();
    const clients = await Promise.all([
      connect('node-redis', target()),
      connect('ioredis', target()),
      connect('glide', target()),
    ]);
    const brokers = clients.map((c) =>
      createCredentialsBroker({
        region: 'eu-west-1',
        source: fake.source,
        token: extractor,
        cache: redisStore({
          client: c.client,
          ...(c.subscriber ? { subscriber: c.subscriber } : {}),
          keys,
          prefix: 'move:',
          timeoutMs: 1_000,
        }),
      }),
    );
    const failures: string[] = [];
    const ask = async (user: string) => {
      for (const answer of await Promise.allSettled(brokers.map((b) => b.forRequest(req(user)))))
        if (answer.status === 'rejected' || answer.value?.identity.subject !== user) failures.push(user);
    };
    try {
      const moving = cluster.reshard(0, 2, 3_000);
      let done = false;
      void moving.finally(() => {
        done = true;
      });
      let n = 0;
      while (!done || n < 100) await Promise.all(Array.from({ length: 5 }, () => ask(`move-${n++}`)));
      await moving;
      expect(failures).toEqual([]);
      expect(fake.calls.length).toBeLessThanOrEqual(n * 1.05);
      // Every entry written during the move is still read, wherever its slot went.
      const before = fake.calls.length;
      for (let i = 0; i < n; i += 7) await ask(`move-${i}`);
      expect(failures).toEqual([]);
      expect(fake.calls.length).toBe(before);
    } finally {
      for (const c of clients) await c.close();
    }
  }, 120_000);
});

describe('a cluster whose nodes require the ACL user (the README rule, cluster additions)', () => {
  let acl: LocalRedisCluster;
  beforeAll(async () => {
    acl = await startLocalRedisCluster({ users: [storeAcl('store', 'store-pw', 't-', true)] });
  }, 60_000);
  afterAll(async () => {
    await acl?.close();
  });
  const user = { name: 'store', password: 'store-pw' };
  for (const kind of ['node-redis', 'ioredis', 'glide'] as const)
    sharingContract(kind, `${kind} (cluster, ACL user)`, () => ({ cluster: acl, user }));
});
