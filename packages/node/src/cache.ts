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
  const map = new Map<string, CacheEntry>();
  const cache: MemoryCache = {
    get(key) {
      const entry = map.get(key);
      if (!entry) return undefined;
      map.delete(key);
      if (entry.expiresAt <= Date.now()) return undefined;
      map.set(key, entry); // most recently used goes last
      return entry;
    },
    set(key, entry) {
      map.delete(key);
      map.set(key, entry);
      while (map.size > maxEntries) {
        const oldest = map.keys().next().value as string;
        map.delete(oldest);
      }
    },
    delete(key) {
      map.delete(key);
    },
    get size() {
      return map.size;
    },
    clear() {
      map.clear();
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
