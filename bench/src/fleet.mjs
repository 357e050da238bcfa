/**
 * A fleet behind a load balancer: 4 instances (child processes) × 1,000 users on the local kit, with node's
 * memory cache per instance, with `@web-identity/redis` on one real redis-server, and with it on a real 3-master
 * Redis Cluster, side by side in one run. Then, on each Redis, 5 bursts in a row of 200 new users sending to
 * every instance at once (800 simultaneous requests on this machine). Each user sends one request to every instance in turn (what round-robin does to a user over time).
 * Measured: STS calls per variant; the latency of a user's first request on an instance (memory store: an
 * exchange; Redis store: a Redis read) and of cached requests; a store-level look-up through Redis vs memory
 * (µs); and autocannon throughput of one warm instance of each.
 */
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { memoryCache } from '@web-identity/node';
import { redisStore } from '@web-identity/redis';
import { startLocalKit, startLocalRedis, startLocalRedisCluster } from '@web-identity/testing';
import autocannon from 'autocannon';
import { createClient, createCluster } from 'redis';
import { median, percentile, round } from './util.mjs';

const here = dirname(fileURLToPath(import.meta.url));

function startInstance(mode, cfg) {
  return new Promise((resolve, reject) => {
    const child = fork(join(here, 'fleet-child.mjs'), [mode, JSON.stringify(cfg)], { stdio: 'inherit' });
    child.once('message', (m) => resolve({ child, url: `http://127.0.0.1:${m.port}` }));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`fleet ${mode} instance exited ${code}`)));
  });
}

async function stop({ child }) {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill();
  await exited;
}

/** One request; its latency in ms. */
async function timed(url, token) {
  const t0 = performance.now();
  const res = await fetch(`${url}/api/hello`, { headers: { authorization: `Bearer ${token}` } });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`HTTP ${res.status} from ${url}`);
  return performance.now() - t0;
}

/** Every user visits every instance in order; `concurrency` users at a time. Latencies per visit index. */
async function visitAll(instances, tokens, concurrency) {
  const byVisit = instances.map(() => []);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < tokens.length) {
        const token = tokens[next++];
        for (let i = 0; i < instances.length; i++) byVisit[i].push(await timed(instances[i].url, token));
      }
    }),
  );
  return byVisit;
}

const stats = (xs) => ({ p50Ms: round(percentile(xs, 50), 3), p99Ms: round(percentile(xs, 99), 3) });

/** `get` of one cached entry, µs: node's memory cache vs a Redis store whose memory layer holds one entry. */
async function storeLookups(target, n) {
  const client = target.rootNodes
    ? createCluster({ rootNodes: target.rootNodes.map((r) => ({ url: `redis://${r.host}:${r.port}` })) })
    : createClient({ url: target.redisUrl });
  client.on('error', () => {});
  await client.connect();
  const keys = `bench:${randomBytes(32).toString('base64')}`;
  // A generous read deadline: this measures hits, and on a loaded machine (CI beside other jobs) a GET past the
  // 100 ms default is answered as a miss by design, which would read here as a lost entry.
  const store = redisStore({ client, keys, prefix: 'bench-lookup:', maxEntries: 1, timeoutMs: 5_000 });
  const memory = memoryCache();
  const now = Date.now();
  const entry = (i) => ({
    accessKeyId: `ASIA${i}`,
    secretAccessKey: randomBytes(30).toString('base64'),
    sessionToken: randomBytes(300).toString('base64'),
    expiresAt: now + 3_600_000,
    obtainedAt: now,
    identity: { subject: `user-${i}`, provider: 'https://idp' },
  });
  for (let i = 0; i < n; i++) {
    await store.set(`k${i}`, entry(i));
    memory.set(`k${i}`, entry(i));
  }
  const viaRedis = [];
  const viaMemory = [];
  for (let round = 0; round < 3; round++) {
    for (let i = 0; i < n; i++) {
      let t0 = performance.now();
      if (!(await store.get(`k${i}`))) throw new Error('redis store lost an entry');
      viaRedis.push((performance.now() - t0) * 1000);
      t0 = performance.now();
      if (!memory.get(`k${i}`)) throw new Error('memory cache lost an entry');
      viaMemory.push((performance.now() - t0) * 1000);
    }
  }
  store.close();
  client.destroy();
  const us = (xs) => ({ p50Us: round(percentile(xs, 50), 2), p99Us: round(percentile(xs, 99), 2) });
  return { lookups: viaRedis.length, redis: us(viaRedis), memory: us(viaMemory) };
}

/** `bursts` times: `size` new users, each sending to every instance, all at once. STS calls per burst. */
async function bursts(instances, tokens, { bursts: count, size }, sts) {
  const calls = [];
  for (let b = 0; b < count; b++) {
    const batch = tokens.slice(b * size, (b + 1) * size);
    const before = sts();
    await Promise.all(batch.flatMap((token) => instances.map((i) => timed(i.url, token))));
    calls.push(sts() - before);
  }
  return calls;
}

async function throughput(url, tokens, duration) {
  const out = await autocannon({
    url,
    connections: 10,
    duration,
    requests: tokens.map((t) => ({
      method: 'GET',
      path: '/api/hello',
      headers: { authorization: `Bearer ${t}` },
    })),
  });
  return { rps: out.requests.average, non2xx: out.non2xx, errors: out.errors };
}

const MODES = ['memory', 'redis', 'cluster'];

export async function runFleet({ smoke }) {
  const users = smoke ? 30 : 1000;
  const instances = 4;
  const duration = smoke ? 1 : 5;
  const rounds = smoke ? 1 : 3;
  const burst = smoke ? { bursts: 2, size: 10 } : { bursts: 5, size: 200 };
  const redis = await startLocalRedis();
  const cluster = await startLocalRedisCluster();
  const kit = await startLocalKit();
  const fleets = { memory: [], redis: [], cluster: [] };
  try {
    const tokens = await Promise.all(
      Array.from({ length: users + burst.bursts * burst.size }, (_, i) =>
        kit.idp.issueIdToken({ sub: `user-${i}`, expiresIn: 6 * 3600 }),
      ),
    );
    const cfg = {
      ...kit.config,
      redisUrl: redis.url,
      rootNodes: cluster.rootNodes,
      keys: `k1:${randomBytes(32).toString('base64')}`,
      prefix: 'bench:',
    };
    for (const mode of MODES)
      for (let i = 0; i < instances; i++) fleets[mode].push(await startInstance(mode, cfg));
    const sts = () => kit.aws.calls({ service: 'sts', action: 'AssumeRoleWithWebIdentity' }).length;
    const out = {};
    for (const mode of MODES) {
      const before = sts();
      const firstVisits = await visitAll(fleets[mode], tokens.slice(0, users), 10);
      const stsCalls = sts() - before;
      const cached = (await visitAll(fleets[mode], tokens.slice(0, users), 10)).flat();
      out[mode] = {
        stsCalls,
        // Visits 2..4: the user is new to that instance (memory: an exchange; Redis: a Redis read).
        newToInstance: stats(firstVisits.slice(1).flat()),
        cachedHit: stats(cached),
        bursts: mode === 'memory' ? null : await bursts(fleets[mode], tokens.slice(users), burst, sts),
      };
    }
    const runs = { memory: [], redis: [], cluster: [] };
    for (let r = 0; r < rounds; r++) {
      const order = r % 2 ? [...MODES].reverse() : MODES;
      for (const mode of order)
        runs[mode].push(await throughput(fleets[mode][0].url, tokens.slice(0, users), duration));
    }
    const rps = (mode) => round(median(runs[mode].map((x) => x.rps)), 0);
    const failures = (mode) => runs[mode].reduce((n, x) => n + x.non2xx + x.errors, 0);
    const lookups = smoke ? 50 : 1000;
    return {
      instances,
      users,
      stsCalls: {
        memory: out.memory.stsCalls,
        redis: out.redis.stsCalls,
        cluster: out.cluster.stsCalls,
        floor: users,
      },
      bursts: {
        size: burst.size,
        requests: burst.size * instances,
        redis: out.redis.bursts,
        cluster: out.cluster.bursts,
      },
      latency: Object.fromEntries(
        MODES.map((m) => [m, { newToInstance: out[m].newToInstance, cachedHit: out[m].cachedHit }]),
      ),
      storeLookup: await storeLookups({ redisUrl: redis.url }, lookups),
      clusterStoreLookup: await storeLookups({ rootNodes: cluster.rootNodes }, lookups),
      throughput: {
        durationS: duration,
        rounds,
        memoryRps: rps('memory'),
        redisRps: rps('redis'),
        clusterRps: rps('cluster'),
        ratio: round(rps('redis') / rps('memory'), 3),
        clusterRatio: round(rps('cluster') / rps('memory'), 3),
        failures: failures('memory') + failures('redis') + failures('cluster'),
      },
    };
  } finally {
    for (const list of Object.values(fleets)) for (const s of list) await stop(s);
    await kit.close();
    await cluster.close();
    await redis.close();
  }
}
