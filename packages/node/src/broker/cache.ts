import { Lru } from '../lru.js';
import type { CacheEntry, CredentialsStore } from '../store.js';

export interface MemoryCache extends CredentialsStore {
  /** The entry of `key`, if cached. */
  get(key: string): CacheEntry | undefined;
  /** Stores `entry` under `key`. */
  set(key: string, entry: CacheEntry): void;
  /** Forgets the entry of `key`. */
  delete(key: string): void;
  readonly size: number;
  /** Forgets every entry. */
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
  held.set(cache, (key) => lru.get(key));
  return cache;
}

/** Each `memoryCache()`'s entries as they are held, expired or not: the broker judges them itself. */
const held = new WeakMap<CredentialsStore, (key: string) => CacheEntry | undefined>();

/** @internal `true` for stores made by `memoryCache()`: `get` answers synchronously, so the broker may peek. */
export function isMemoryCache(store: CredentialsStore): store is MemoryCache {
  return held.has(store);
}

/**
 * @internal A memory cache's entry of `key` as held, without `get`'s expiry check, so the broker's read judges
 * it once (`freshness.ts`); `undefined` for any other store.
 */
export function heldEntries(store: CredentialsStore): ((key: string) => CacheEntry | undefined) | undefined {
  return held.get(store);
}
