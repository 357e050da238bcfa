import { Lru } from '../lru.js';
import type { RateLimitOptions } from '../types.js';

/** Limits how often a caller may trigger a new exchange. */
export interface RateLimiter {
  /** `0` when allowed, else the seconds to wait (for `Retry-After`). */
  take(key: string, now?: number): number;
}

/**
 * A fixed-window counter per key, bounded by an LRU.
 *
 * @example
 * const limiter = rateLimiter({ limit: 10, windowMs: 60_000 });
 * const wait = limiter.take(userId); // 0 = go ahead
 */
export function rateLimiter(opts: RateLimitOptions = {}): RateLimiter {
  const limit = opts.limit ?? 30;
  const windowMs = opts.windowMs ?? 60_000;
  const maxEntries = opts.maxEntries ?? 10_000;
  const windows = new Lru<string, { start: number; count: number }>({ maxEntries });
  return {
    take(key, now = Date.now()) {
      let w = windows.get(key);
      if (!w || now - w.start >= windowMs) {
        w = { start: now, count: 0 };
        windows.set(key, w);
      }
      if (w.count >= limit) return Math.max(1, Math.ceil((w.start + windowMs - now) / 1000));
      w.count++;
      return 0;
    },
  };
}
