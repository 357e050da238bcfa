// Shared by the store tests: every Redis client on one server or a cluster, a fake source whose exchanges can be
// held, a fake extractor.
import { randomBytes } from 'node:crypto';
import { GlideClient, GlideClusterClient, Logger } from '@valkey/valkey-glide';
import type { CredentialsSource, ExchangeResult, LogEvent, TokenExtractor } from '@web-identity/node';
import type { LocalRedis, LocalRedisCluster } from '@web-identity/testing';
import { Cluster as IoRedisCluster, Redis } from 'ioredis';
import { Cluster as IoValkeyCluster, Valkey } from 'iovalkey';
import { createClient, createCluster } from 'redis';
import type { GlideClientLike, PubSubMode, RedisClientLike } from '../src/redisClient.js';

// GLIDE's own log lines (its pub/sub synchronizer's retries, reconnects) would drown the test output; the store
// logs what matters through its logger.
Logger.setLoggerConfig('off');

/**
 * The ACL rule the README publishes: only the store's commands (and what each client sends when it connects),
 * only keys and channels under its prefix.
 */
export const storeAcl = (user: string, password: string, prefix: string, cluster = false) =>
  `${user} on >${password} ~${prefix}* resetchannels &${prefix}* -@all +get +set +del +eval +evalsha +publish +subscribe +unsubscribe +ping +hello +auth +client|setname +info${cluster ? ' +spublish +ssubscribe +sunsubscribe +cluster|slots +cluster|shards +cluster|nodes +cluster|info +cluster|myid +readonly' : ''}`;

export type ClientKind = 'node-redis' | 'ioredis' | 'iovalkey' | 'glide';
export const CLIENT_KINDS: ClientKind[] = ['node-redis', 'ioredis', 'iovalkey', 'glide'];

/** One server (`redis`, with TLS and an ACL user when given) or a cluster. */
export type Target =
  | { redis: LocalRedis; user?: { name: string; password: string } }
  | { cluster: LocalRedisCluster; user?: { name: string; password: string } };

export interface TestClient {
  client: RedisClientLike;
  /** What every instance on this client must pass to `redisStore` (iovalkey's Cluster: classic pub/sub). */
  pubsub?: PubSubMode;
  /** GLIDE: the second client that carries the subscriptions. */
  subscriber?: GlideClientLike;
  ready(): boolean;
  close(): Promise<void>;
}

const urlOf = (t: Extract<Target, { redis: LocalRedis }>) => {
  const url = new URL(t.redis.url);
  if (t.user) {
    url.username = t.user.name;
    url.password = t.user.password;
  }
  return url.toString();
};

async function ioConnect(kind: 'ioredis' | 'iovalkey', target: Target): Promise<TestClient> {
  const retryStrategy = () => 50;
  let client: import('node:events').EventEmitter & { status: string; disconnect(): void };
  if ('cluster' in target) {
    const nodes = target.cluster.rootNodes.map((n) => ({ ...n }));
    const auth = target.user
      ? { redisOptions: { username: target.user.name, password: target.user.password } }
      : {};
    client =
      kind === 'ioredis'
        ? new IoRedisCluster(nodes, {
            shardedSubscribers: true,
            clusterRetryStrategy: retryStrategy,
            ...auth,
          })
        : new IoValkeyCluster(nodes, { clusterRetryStrategy: retryStrategy, ...auth });
  } else {
    const tls = target.redis.tls ? { tls: { ca: target.redis.tls.ca, servername: 'localhost' } } : {};
    const opts = { maxRetriesPerRequest: 1, retryStrategy, ...tls };
    client = kind === 'ioredis' ? new Redis(urlOf(target), opts) : new Valkey(urlOf(target), opts);
  }
  client.on('error', () => {});
  await new Promise<void>((resolve, reject) => {
    client.once('ready', resolve);
    client.once('error', reject);
  });
  const classic = kind === 'iovalkey' && 'cluster' in target;
  return {
    client: client as unknown as RedisClientLike,
    ...(classic ? { pubsub: 'classic' as const } : {}),
    ready: () => client.status === 'ready',
    close: async () => void client.disconnect(),
  };
}

const closeAll = (...clients: { close(): void }[]) => {
  for (const c of clients) c.close();
};

async function glideConnect(target: Target): Promise<TestClient> {
  const common = {
    requestTimeout: 2_000,
    connectionBackoff: { numberOfRetries: 3, factor: 50, exponentBase: 2 },
  };
  if ('cluster' in target) {
    const credentials = target.user
      ? { credentials: { username: target.user.name, password: target.user.password } }
      : {};
    const config = { addresses: [...target.cluster.rootNodes], ...common, ...credentials };
    const [client, subscriber] = await Promise.all([
      GlideClusterClient.createClient(config),
      GlideClusterClient.createClient(config),
    ]);
    return { client, subscriber, ready: () => true, close: async () => closeAll(client, subscriber) };
  }
  const tls = target.redis.tls
    ? {
        useTLS: true,
        advancedConfiguration: { tlsAdvancedConfiguration: { rootCertificates: target.redis.tls.ca } },
      }
    : {};
  const credentials = target.user
    ? { credentials: { username: target.user.name, password: target.user.password } }
    : {};
  const config = {
    addresses: [{ host: '127.0.0.1', port: target.redis.port }],
    ...common,
    ...tls,
    ...credentials,
  };
  const [client, subscriber] = await Promise.all([
    GlideClient.createClient(config),
    GlideClient.createClient(config),
  ]);
  return { client, subscriber, ready: () => true, close: async () => closeAll(client, subscriber) };
}

export async function connect(kind: ClientKind, where: Target | string): Promise<TestClient> {
  const target: Target =
    typeof where === 'string'
      ? { redis: { url: where, port: Number(new URL(where).port) } as LocalRedis }
      : where;
  if (kind === 'ioredis' || kind === 'iovalkey') return ioConnect(kind, target);
  if (kind === 'glide') return glideConnect(target);
  if ('cluster' in target) {
    const rootNodes = target.cluster.rootNodes.map((n) => ({ url: `redis://${n.host}:${n.port}` }));
    const auth = target.user ? { username: target.user.name, password: target.user.password } : {};
    const client = createCluster({
      rootNodes,
      defaults: { socket: { reconnectStrategy: () => 50 }, ...auth },
    });
    client.on('error', () => {});
    await client.connect();
    return { client, ready: () => client.isReady, close: async () => void client.destroy() };
  }
  const tls = target.redis.tls
    ? { tls: true as const, ca: target.redis.tls.ca, servername: 'localhost' }
    : {};
  const client = createClient({ url: urlOf(target), socket: { reconnectStrategy: () => 50, ...tls } });
  client.on('error', () => {});
  await client.connect();
  return { client, ready: () => client.isReady, close: async () => void client.destroy() };
}

/** The test's own looks into Redis (the default user; on a cluster, every master). */
export interface Inspector {
  keys(pattern: string): Promise<string[]>;
  get(key: string): Promise<string | null>;
  set(key: string, value: string, px?: number): Promise<unknown>;
  pTTL(key: string): Promise<number>;
  /** Closes the connection (node-redis' name for it). */
  destroy(): void;
}

export async function inspector(target: Target | string): Promise<Inspector> {
  if (typeof target === 'string' || !('cluster' in target)) {
    const redis = typeof target === 'string' ? undefined : target.redis;
    const url = typeof target === 'string' ? target : redis!.url;
    const tls = redis?.tls ? { tls: true as const, ca: redis.tls.ca, servername: 'localhost' } : {};
    const client = createClient({ url, socket: tls });
    client.on('error', () => {});
    await client.connect();
    return {
      keys: (pattern) => client.keys(pattern),
      get: (key) => client.get(key),
      set: (key, value, px) => client.set(key, value, px ? { PX: px } : {}),
      pTTL: (key) => client.pTTL(key),
      destroy: () => client.destroy(),
    };
  }
  const rootNodes = target.cluster.rootNodes.map((n) => ({ url: `redis://${n.host}:${n.port}` }));
  const client = createCluster({ rootNodes });
  client.on('error', () => {});
  await client.connect();
  return {
    async keys(pattern) {
      const all = await Promise.all(
        client.masters.map(async (m) => (await client.nodeClient(m)).keys(pattern)),
      );
      return all.flat();
    },
    get: (key) => client.get(key),
    set: (key, value, px) => client.set(key, value, px ? { PX: px } : {}),
    pTTL: (key) => client.pTTL(key),
    destroy: () => client.destroy(),
  };
}

export const newKeys = () => `k1:${randomBytes(32).toString('base64')}`;

export const extractor: TokenExtractor = {
  kind: 'header',
  extract: (req) => (req.headers['x-user'] as string | undefined) ?? null,
  verify: async (token) => ({ subject: token, issuer: 'https://idp.test', claims: { sub: token } }),
};
export const req = (user: string) => ({ headers: { 'x-user': user } });

export function fakeSource(lifetimeMs = 3_600_000) {
  const calls: string[] = [];
  let gate: Promise<void> | null = null;
  const source: CredentialsSource = {
    kind: 'fake',
    async exchange(token): Promise<ExchangeResult> {
      calls.push(token);
      const n = calls.length;
      if (gate) await gate;
      return {
        accessKeyId: `ASIA${token.toUpperCase()}${n}`,
        secretAccessKey: `secret-${randomBytes(12).toString('hex')}`,
        sessionToken: `session-${randomBytes(12).toString('hex')}`,
        expiration: new Date(Date.now() + lifetimeMs),
      };
    },
  };
  return {
    source,
    calls,
    hold() {
      let open!: () => void;
      gate = new Promise((r) => {
        open = r;
      });
      return () => {
        gate = null;
        open();
      };
    },
  };
}

export function logSink() {
  const events: LogEvent[] = [];
  return { events, logger: (e: LogEvent) => void events.push(e) };
}

export async function until(
  check: () => boolean | Promise<boolean>,
  what: string,
  ms = 10_000,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
