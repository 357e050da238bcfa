import { Lru } from './lru.js';

/** One identity's credentials, as the broker caches them. */
export interface CacheEntry {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  /** Epoch ms on the local clock (corrected for AWS's clock). */
  expiresAt: number;
  /** Epoch ms on the local clock when the exchange finished. */
  obtainedAt: number;
  identity: {
    subject: string;
    provider: string;
    audience?: string;
    assumedRoleArn?: string;
    identityId?: string;
  };
}

/**
 * Where the broker keeps per-identity credentials. The default is `memoryCache()`; implement this to share
 * credentials across a fleet (e.g. Redis). Methods may be sync or async. One exchange in flight per identity
 * is guaranteed per process whatever the store.
 */
export interface CredentialsStore {
  /** Names the store in metrics and diagnostics (`memory`, `redis`, …); `custom` when absent. */
  readonly name?: string;
  get(key: string): CacheEntry | undefined | Promise<CacheEntry | undefined>;
  set(key: string, entry: CacheEntry): void | Promise<void>;
  delete(key: string): void | Promise<void>;
}

export interface MemoryCache extends CredentialsStore {
  get(key: string): CacheEntry | undefined;
  set(key: string, entry: CacheEntry): void;
  delete(key: string): void;
  readonly size: number;
  clear(): void;
}

/**
 * A bounded in-memory LRU: at most `maxEntries` identities (default 10,000); the least recently used one is
 * dropped first. Entries past their expiry are dropped on read.
 *
 * @example
 * awsCredentials({ ..., cache: memoryCache({ maxEntries: 50_000 }) });
 */
export function memoryCache(opts: { maxEntries?: number } = {}): MemoryCache {
  const maxEntries = opts.maxEntries ?? 10_000;
  if (!Number.isInteger(maxEntries) || maxEntries < 1) {
    throw new RangeError('memoryCache: maxEntries must be a positive integer');
  }
  const lru = new Lru<string, CacheEntry>({ maxEntries });
  const cache: MemoryCache = {
    name: 'memory',
    get(key) {
      const entry = lru.get(key);
      if (!entry) return undefined;
      if (entry.expiresAt <= Date.now()) {
        lru.delete(key);
        return undefined;
      }
      return entry;
    },
    set(key, entry) {
      lru.set(key, entry);
    },
    delete(key) {
      lru.delete(key);
    },
    get size() {
      return lru.size;
    },
    clear() {
      lru.clear();
    },
  };
  synchronous.add(cache);
  return cache;
}

const synchronous = new WeakSet<CredentialsStore>();

/** @internal `true` for stores made by `memoryCache()`: `get` answers synchronously, so the broker may peek. */
export function isMemoryCache(store: CredentialsStore): store is MemoryCache {
  return synchronous.has(store);
}
