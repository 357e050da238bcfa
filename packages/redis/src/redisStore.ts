import {
  type CacheEntry,
  CredentialsError,
  type CredentialsStore,
  type Logger,
  memoryCache,
  type StoreContext,
  storeContext,
} from '@web-identity/node';
import { deadline } from './deadline.js';
import { doneChannel } from './doneChannel.js';
import { decodeEntry, encodeEntry } from './entryCodec.js';
import { COMPARE_AND_DELETE, fleetLock } from './fleetLock.js';
import { redisHealth } from './health.js';
import { type KeyNames, keyNames } from './keyNames.js';
import { type KeyringInput, parseKeyring } from './keyring.js';
import { type GlideClientLike, type PubSubMode, type RedisClientLike, redisCommands } from './redisClient.js';
import { seal, unseal } from './sealedValue.js';

/** Options of `redisStore`. */
export interface RedisStoreOptions {
  /**
   * A connected client: node-redis (`createClient` or `createCluster`), ioredis / iovalkey (`Redis` or
   * `Cluster`), or Valkey GLIDE (`GlideClient` or `GlideClusterClient`). Anything else is a `Configuration`
   * error at start.
   */
  client: RedisClientLike;
  /**
   * The keyring: `'kid1:base64,kid2:base64'` (e.g. `process.env.CACHE_KEYS`) or a list; each key is 32 random
   * bytes. The first encrypts, any decrypts, so keys rotate without a flush (README "Keys and rotation").
   * `undefined` (an unset variable) is a `Configuration` error at start: nothing goes to Redis unencrypted.
   */
  keys: KeyringInput | undefined;
  /** Prefix of every Redis key and channel (no `{` or `}`: names carry their own hash tag). Default `web-identity:`. */
  prefix?: string;
  /**
   * Deadline of a read, in ms of time this process could have read the answer (a busy event loop does not
   * count). Past it the read is a miss and the request goes to the fleet lock, which waits for a slow Redis
   * rather than exchanging. Default 100.
   */
  timeoutMs?: number;
  /** How long an exchange may hold the fleet lock; a waiter exchanges itself after this. Default 10,000 ms. */
  lockTtlMs?: number;
  /** A waiter's poll interval when no "done" message comes (jittered ±50 %). Default 200 ms. */
  pollMs?: number;
  /** After a Redis failure, how long requests skip Redis before it is tried again. Default 1,000 ms. */
  retryMs?: number;
  /** Identities kept in this process' memory layer (LRU). Default 10,000. */
  maxEntries?: number;
  /** Where the store's warnings go. Default: the broker's `logger`. */
  logger?: Logger;
  /**
   * How waiters are woken: `sharded` pub/sub (`SSUBSCRIBE`, Redis ≥ 7; the default on a cluster client) or
   * `classic` (the default on one server). Every instance of a fleet must use the same.
   */
  pubsub?: PubSubMode;
  /**
   * Valkey GLIDE only: a second GLIDE client (same addresses and credentials, no pub/sub callback) that carries
   * the store's "done" subscriptions; GLIDE has no `duplicate()`. Without it, waiters poll (`pollMs`).
   */
  subscriber?: GlideClientLike;
}

/** A `CredentialsStore` for `@web-identity/node`, shared by every process on one Redis. */
export interface RedisStore extends CredentialsStore {
  readonly name: 'redis';
  /** The entry of `key`, from memory or Redis; with a context, the go-ahead to exchange when nobody holds the fleet lock. */
  get(key: string, context?: StoreContext): CacheEntry | undefined | Promise<CacheEntry | undefined>;
  /** Seals `entry` and stores it under `key`, with the credentials' remaining lifetime as TTL. */
  set(key: string, entry: CacheEntry, context?: StoreContext): Promise<void>;
  /** Forgets the entry of `key` in Redis and in memory. */
  delete(key: string, context?: StoreContext): Promise<void>;
  peek(key: string): CacheEntry | undefined;
  /** Closes the store's own subscriber connection and removes its listener from your client (never closes it). */
  close(): void;
}

const positive = (name: string, value: number | undefined, fallback: number): number => {
  const v = value ?? fallback;
  if (!Number.isFinite(v) || v <= 0) {
    throw new CredentialsError(
      'Configuration',
      `redisStore: ${name} must be a positive number of milliseconds.`,
    );
  }
  return v;
};

/** The options checked, with their defaults: anything wrong is a `Configuration` error at start. */
function settings(options: RedisStoreOptions) {
  if (!options?.client)
    throw new CredentialsError('Configuration', 'redisStore: pass client (a connected Redis client).');
  const prefix = options.prefix ?? 'web-identity:';
  if (/[{}]/.test(prefix))
    throw new CredentialsError(
      'Configuration',
      'redisStore: prefix must not contain { or } (names carry their own hash tag).',
    );
  return {
    ring: parseKeyring(options.keys),
    prefix,
    timeoutMs: positive('timeoutMs', options.timeoutMs, 100),
    retryMs: positive('retryMs', options.retryMs, 1_000),
    lockTtlMs: positive('lockTtlMs', options.lockTtlMs, 10_000),
    pollMs: positive('pollMs', options.pollMs, 200),
  };
}

/** Without a broker's context (a direct call): the broker's default windows, no logger. */
const defaultContext: StoreContext = storeContext();

/**
 * Credentials shared by a fleet through Redis (or Valkey), encrypted at rest, with one exchange per identity
 * across every instance. Each process keeps a memory layer in front (cached users are answered in the same
 * tick, no Redis call); Redis is read when that layer has nothing or keys due for refresh. Redis down or slow
 * costs sharing, never a request: the store then serves memory and lets the broker exchange directly.
 *
 * @example
 * import { createClient } from 'redis';
 * import { redisStore } from '@web-identity/redis';
 * const redis = await createClient({ url: process.env.REDIS_URL }).connect();
 * app.use('/api', awsCredentials({ region, verify, source, cache: redisStore({ client: redis, keys: process.env.CACHE_KEYS }) }));
 */
export function redisStore(options: RedisStoreOptions): RedisStore {
  const { ring, prefix, timeoutMs, retryMs, lockTtlMs, pollMs } = settings(options);
  const memory = memoryCache({ maxEntries: options.maxEntries ?? 10_000 });
  let brokerLog: Logger = () => {};
  const log = () => options.logger ?? brokerLog;
  const health = redisHealth(log, retryMs, lockTtlMs);
  const redis = redisCommands(options.client, (err) => health.failed(err), {
    pubsub: options.pubsub,
    subscriber: options.subscriber,
  });
  let warnedCorrupt = false;

  /** One command: the read deadline, or a patient wait that only Redis going down ends (the fleet lock's). */
  async function run(args: string[], patience?: number): Promise<unknown> {
    try {
      const sent = redis.send(args, lockTtlMs); // the client's own bound: a command queued offline is dropped
      const out = await deadline(sent, patience ?? timeoutMs, patience ? health.onDown : undefined);
      health.ok();
      return out;
    } catch (err) {
      health.failed(err);
      throw err;
    }
  }

  /** A bad value (not ours, altered, unknown key) is a miss: logged once per process, deleted if unchanged. */
  function discard(name: string, value: string): void {
    if (!warnedCorrupt) {
      warnedCorrupt = true;
      log()({
        level: 'warn',
        event: 'cache.redis_bad_entry',
        message:
          'A Redis entry did not decrypt with any key of the keyring (corrupt, altered or foreign): deleted, treated as a miss.',
      });
    }
    run(['EVAL', COMPARE_AND_DELETE, '1', name, value]).catch(() => {});
  }

  async function read(names: KeyNames, patience?: number): Promise<CacheEntry | undefined> {
    const values = await Promise.all(names.entries.map((name) => run(['GET', name], patience)));
    let best: CacheEntry | undefined;
    for (const [i, value] of values.entries()) {
      if (typeof value !== 'string') continue;
      const name = names.entries[i]!;
      const json = unseal(ring, name, value);
      const entry = json === null ? undefined : decodeEntry(json);
      if (!entry) discard(name, value);
      else if (!best || entry.expiresAt > best.expiresAt) best = entry;
    }
    return best;
  }

  const lockDeps = {
    run,
    read,
    channel: doneChannel(redis, (args) => run(args), { retryMs }),
    lockTtlMs,
    pollMs,
  };

  const names = (key: string) => keyNames(ring, prefix, key);
  const attach = (context: StoreContext | undefined): StoreContext => {
    if (context) brokerLog = context.log;
    return context ?? defaultContext;
  };

  /** Redis, for keys newer than what memory holds; memory's answer when Redis is down or has nothing better. */
  async function readShared(key: string, held: CacheEntry | undefined): Promise<CacheEntry | undefined> {
    if (!health.available()) return held;
    let shared: CacheEntry | undefined;
    try {
      shared = await read(names(key));
    } catch {
      return held;
    }
    if (!shared || shared.expiresAt <= Date.now() || (held && shared.expiresAt <= held.expiresAt))
      return held;
    memory.set(key, shared);
    return shared;
  }

  return {
    name: 'redis',
    get(key, context) {
      const ctx = attach(context);
      const held = memory.get(key);
      if (held && Date.now() < ctx.advisoryAt(held)) return held; // the hot path: no Redis call
      return readShared(key, held);
    },
    async set(key, entry, context) {
      const ctx = attach(context);
      memory.set(key, entry);
      const ttl = Math.floor(ctx.mandatoryAt(entry) - Date.now());
      if (ttl <= 0 || !health.available()) return;
      const name = names(key).entries[0]!;
      await run(['SET', name, seal(ring, name, encodeEntry(entry)), 'PX', String(ttl)]).catch(() => {});
    },
    async delete(key, context) {
      attach(context);
      memory.delete(key);
      if (!health.available()) return;
      // One DEL per name: names under different keyring keys lie in different slots of a cluster.
      await Promise.all(names(key).entries.map((name) => run(['DEL', name]).catch(() => {})));
    },
    peek: (key) => memory.get(key),
    async lock(key, { usable, context }) {
      attach(context);
      if (!health.available()) return { release() {} };
      return fleetLock(lockDeps, names(key), usable);
    },
    close() {
      lockDeps.channel.close();
      redis.detach();
    },
  };
}
