/**
 * The refresh timing rules, as pure functions: the only place they are computed, for the browser client and
 * the Node broker alike.
 *
 * - Two windows before expiry. Advisory: refresh this long before, keep serving the old keys if that fails.
 *   Mandatory: below this much left, callers wait for new keys instead of getting the old ones.
 * - For short lifetimes both shrink, so no refresh loop is possible: advisory = min(option, lifetime / 2),
 *   mandatory = min(option, lifetime / 4).
 * - The planned refresh gets a uniform jitter in [0, 10 % of the advisory window], so many clients (or tabs)
 *   that obtained keys together do not all refresh together.
 * - Retryable failures back off exponentially with full jitter: uniform in [0, min(cap, base · 2^(n-1))].
 * - AWS's clock is read from the response `Date` header; below one second (its resolution) there is no offset.
 */

/** Refresh windows in ms before expiry, shrunk for short lifetimes. */
export interface RefreshWindows {
  /** Refresh this long before expiry; the old keys stay usable if it fails. */
  advisory: number;
  /** Never hand out keys with less than this left. */
  mandatory: number;
}

/**
 * The effective windows for credentials that live `lifetimeMs`.
 *
 * @example
 * refreshWindows(3_600_000, 300_000, 60_000); // { advisory: 300000, mandatory: 60000 }
 * refreshWindows(60_000, 300_000, 60_000);    // { advisory: 30000, mandatory: 15000 }
 */
export function refreshWindows(
  lifetimeMs: number,
  refreshBeforeExpiryMs: number,
  minValidityMs: number,
): RefreshWindows {
  const lifetime = Math.max(0, lifetimeMs);
  return {
    advisory: Math.min(refreshBeforeExpiryMs, lifetime / 2),
    mandatory: Math.min(minValidityMs, lifetime / 4),
  };
}

/**
 * Milliseconds from now until the planned refresh of keys that live `lifetimeMs` more: the advisory window
 * before expiry, minus a jitter of up to 10 % of that window. `random` is `Math.random` outside tests.
 *
 * @example
 * refreshDelay(3_600_000, 300_000, () => 0); // 3300000
 */
export function refreshDelay(
  lifetimeMs: number,
  advisoryMs: number,
  random: () => number = Math.random,
): number {
  return lifetimeMs - advisoryMs - random() * 0.1 * advisoryMs;
}

/** Default backoff: 1 s doubling up to 60 s. */
export const BACKOFF = { baseMs: 1_000, maxMs: 60_000 } as const;

/**
 * The delay before retry number `attempt` (1 = the first retry) after a retryable failure: exponential
 * backoff with full jitter, whole milliseconds.
 *
 * @example
 * backoffDelay(3, { baseMs: 1000, maxMs: 60000 }, () => 1); // 4000
 */
export function backoffDelay(
  attempt: number,
  { baseMs, maxMs }: { baseMs: number; maxMs: number } = BACKOFF,
  random: () => number = Math.random,
): number {
  return Math.round(random() * Math.min(maxMs, baseMs * 2 ** (Math.max(1, attempt) - 1)));
}

/**
 * How far AWS's clock is ahead of the local one (ms; negative when behind), from the response `Date` header
 * read at local time `localNow`. Offsets under a second are noise (the header has one-second resolution): 0.
 *
 * @example
 * clockOffset(new Date('2026-01-01T00:05:00Z'), Date.parse('2026-01-01T00:00:00Z')); // 300000
 */
export function clockOffset(serverDate: Date, localNow: number): number {
  const offset = serverDate.getTime() - localNow;
  return Math.abs(offset) < 1000 ? 0 : offset;
}
