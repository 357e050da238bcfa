import type { CacheEntry } from '../store.js';
import { windows } from './credentials.js';

/**
 * What one read makes of a cached entry: `fresh` before its advisory window (served as is), `stale` inside it
 * (served, one background refresh starts), `expired` from its mandatory window on (never handed out: an
 * exchange).
 */
export type Freshness = 'fresh' | 'stale' | 'expired';

/** Judges an entry at one instant (epoch ms). */
export type FreshnessJudge = (entry: CacheEntry, now: number) => Freshness;

/**
 * The broker's one freshness rule, on core's windows (`refreshWindows`, through `windows`). Every read judges
 * its entry once, at one instant, here: the cache look-up, the synchronous fast path, `req.aws.provider` (which
 * hands its own judgement down to the look-up it triggers) and the fleet lock's check of a peer's entry. Stores
 * do not decide: the broker reads the memory cache without its expiry check, and a store's own use of
 * `StoreContext` (where to look, a TTL) never decides what is served or refreshed.
 *
 * @example
 * const judge = freshnessJudge(5 * 60_000, 60_000);
 * judge(entry, Date.now()); // 'fresh' | 'stale' | 'expired'
 */
export function freshnessJudge(refreshBeforeExpiryMs: number, minValidityMs: number): FreshnessJudge {
  return (entry, now) => {
    if (!(entry.expiresAt > now)) return 'expired';
    const { advisoryAt, mandatoryAt } = windows(entry, refreshBeforeExpiryMs, minValidityMs);
    if (now >= mandatoryAt) return 'expired';
    return now < advisoryAt ? 'fresh' : 'stale';
  };
}
