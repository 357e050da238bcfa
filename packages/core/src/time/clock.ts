/**
 * Time as the scheduler sees it: several witnesses, trusting whichever says more time has passed.
 *
 * - The monotonic clock (`performance.now()`; browsers, workers and Node have it) never steps: a wall clock
 *   set back (NTP correction, the user changing it) must not make credentials live longer than AWS allows.
 * - The client's own timers: a timer set for d ms that fired proves d ms went by. It is the same evidence
 *   as the monotonic clock where that works, and still holds where `performance.now()` is missing, coarse or
 *   not moving (test clocks that fake `setTimeout` and `Date` only).
 * - The wall clock (`Date.now()`) keeps running while a laptop sleeps, when `performance.now()` pauses in some
 *   browsers: keys must not look young again after a long sleep.
 *
 * Everything is then expressed on the local wall clock, corrected by how far it has fallen behind the
 * monotonic clock since a reference point, because that is what the library exposes (`expiresAt`, the SDK's
 * `expiration`) and what callers compare with. Both are read at call time, so test fake timers apply.
 */

/** Below this the two clocks are considered in step (Date.now() is whole ms, browsers coarsen both clocks). */
const NOISE_MS = 1000;
/** The wall-clock correction moves in whole steps of this size, so exposed `Date`s stay put between reads. */
const STEP_MS = 1000;

/** The two clocks of a runtime (its `Platform`): the wall clock, and a monotonic one where there is one. */
export interface Clocks {
  now(): number;
  monotonic(): number | null;
}

/** A reference point read on every clock. */
export interface Stamp {
  readonly mono: number;
  readonly wall: number;
  /** The reading of the owner's timer clock (the sum of the delays of its timers that fired). */
  readonly timer: number;
  /** How far the wall clock has fallen behind the monotonic one since this point (ms ≥ 0, whole steps). */
  behind: number;
}

/**
 * Now, on every clock of `clocks`; `timer` is the owner's timer clock (0 for an owner without timers). Without a
 * monotonic clock the wall clock stands in for it.
 */
export function stamp(clocks: Clocks, timer = 0): Stamp {
  const wall = clocks.now();
  return { mono: clocks.monotonic() ?? wall, wall, timer, behind: 0 };
}

/**
 * The wall-clock correction for times measured from `from`, as seen at `now`: how far the wall clock has
 * stepped back since `from` (never negative; a wall clock ahead — sleep — needs none, it already says more).
 * Rounded up to whole seconds and only lowered again on a drop of more than two steps, so noise between the
 * clocks does not move exposed `Date`s, and the estimate is never more than `NOISE_MS` later than the
 * monotonic clock's.
 */
export function wallBehind(from: Stamp, now: Stamp): number {
  const drift = Math.max(now.mono - from.mono, now.timer - from.timer) - (now.wall - from.wall);
  if (drift > from.behind && drift > NOISE_MS) {
    from.behind = Math.ceil(drift / STEP_MS) * STEP_MS;
  } else if (drift < from.behind - 2 * STEP_MS) {
    from.behind = drift > NOISE_MS ? Math.ceil(drift / STEP_MS) * STEP_MS : 0;
  }
  return from.behind;
}

/** Milliseconds since `from` by whichever witness says more (within `NOISE_MS` of the monotonic clock). */
export function elapsedSince(from: Stamp, now: Stamp): number {
  return now.wall - from.wall + wallBehind(from, now);
}

/**
 * A moment `ms` after `from`, on the local wall clock as it reads at `now` (whole ms, rounded down): the
 * earlier of the monotonic and the wall-clock estimates.
 */
export function wallTimeOf(from: Stamp, ms: number, now: Stamp): number {
  return Math.floor(from.wall + ms - wallBehind(from, now));
}

/**
 * A moment `ms` after `from`, measured on every clock: a wall clock set back cannot postpone it, a sleep that
 * pauses the monotonic clock cannot either.
 */
export interface Deadline {
  from: Stamp;
  ms: number;
}

/** Milliseconds until `d` (≤ 0: due), on the local wall clock corrected as in `wallTimeOf`. */
export function left(d: Deadline, now: Stamp): number {
  return wallTimeOf(d.from, d.ms, now) - now.wall;
}
