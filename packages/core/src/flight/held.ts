import type { Deadline } from '../time/clock.js';
import type { AwsCredentials } from '../types.js';
import type { Caller } from './scope.js';

/** Credentials in hand, with their deadlines measured on every clock (see clock.ts). */
export interface Held {
  readonly value: AwsCredentials;
  /** When AWS stops accepting the keys: the lifetime AWS granted, from when they arrived. */
  readonly expiry: Deadline;
  /**
   * The same instant on the device's wall clock, as established when the keys arrived (AWS's expiration
   * corrected by its clock offset, or a peer's `expiresAt`): absolute, so every tab reads it alike. It is what a
   * tab shares, never its own corrected estimate: monotonic clocks and timers are per tab (WebKit: per process,
   * throttled differently in a background tab), so one tab's correction is no evidence for another.
   */
  readonly expiresAt: number;
  /** The planned refresh: the advisory window before expiry, minus jitter. */
  readonly refresh: Deadline;
  /** The mandatory window: below this much left, callers wait for a new exchange. */
  readonly mandatoryMs: number;
  /** The lifetime AWS granted when the keys arrived (the windows are computed from it). */
  readonly lifetimeMs: number;
  /** When the exchange that produced the keys started (wall clock ms; another tab's, for shared keys). */
  readonly startedAt: number;
}

/** Whose the keys in hand are, for sharing them: their identity key (see crossTab.ts) and caller. */
export interface Owner {
  readonly key: string;
  readonly who: Caller;
}
