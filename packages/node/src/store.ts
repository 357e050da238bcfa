import type { Logger } from './log.js';

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
 * What a broker hands its store on every call: its timing windows (core's `refreshWindows`, so a store needs no
 * window computation of its own) and its redacted logger. One object per broker, made once.
 */
export interface StoreContext {
  /** Epoch ms at which `entry` enters the advisory window (a refresh is due; the keys are still served). */
  advisoryAt(entry: CacheEntry): number;
  /** Epoch ms at which `entry` enters the mandatory window (never handed out after this). */
  mandatoryAt(entry: CacheEntry): number;
  /** The broker's logger (redacted; never throws). */
  readonly log: Logger;
}

/**
 * The answer of `CredentialsStore.lock`: either credentials a peer delivered meanwhile (no exchange needed),
 * or the go-ahead to exchange, with `release()` to call once the result is stored (or the exchange failed).
 */
export type StoreLock =
  | { readonly entry: CacheEntry; readonly release?: undefined }
  | {
      readonly entry?: undefined;
      /** Lets the next waiter go ahead: call once the result is stored or the exchange failed. */
      release(): void | Promise<void>;
    };

/**
 * Where the broker keeps per-identity credentials. The default is `memoryCache()`; `@web-identity/redis` shares
 * them across a fleet. Methods may be sync or async. One exchange in flight per identity is guaranteed per
 * process whatever the store; a store with `lock` extends that to every process sharing it.
 *
 * @example
 * const store: CredentialsStore = {
 *   name: 'my-store',
 *   get: (key) => map.get(key),
 *   set: (key, entry) => void map.set(key, entry),
 *   delete: (key) => void map.delete(key),
 * };
 */
export interface CredentialsStore {
  /** Names the store in metrics and diagnostics (`memory`, `redis`, …); `custom` when absent. */
  readonly name?: string;
  /** The entry of `key`, if cached (and still usable). */
  get(key: string, context?: StoreContext): CacheEntry | undefined | Promise<CacheEntry | undefined>;
  /** Stores `entry` under `key`. */
  set(key: string, entry: CacheEntry, context?: StoreContext): void | Promise<void>;
  /** Forgets the entry of `key` (its credentials were refused). */
  delete(key: string, context?: StoreContext): void | Promise<void>;
  /**
   * Optional synchronous look-up in the store's own process memory (never I/O): lets the broker answer a
   * cached user in the same tick, as with `memoryCache()`. `undefined` sends the request down the full path.
   */
  peek?(key: string): CacheEntry | undefined;
  /**
   * Optional fleet-wide single flight, called by the broker before an exchange (behind its per-process one).
   * Resolves with an entry a peer delivered that `usable` accepts, or with a lock to `release()` after the
   * exchange. Must not reject: a store that cannot lock answers with a no-op `release` (exchange directly).
   */
  lock?(key: string, opts: { usable(entry: CacheEntry): boolean; context: StoreContext }): Promise<StoreLock>;
}
