import type { Deadline } from '../time/clock.js';
import type { AwsCredentials } from '../types.js';
import type { Caller } from './scope.js';

/** Credentials in hand, with their deadlines measured on every clock (see clock.ts). */
export interface Held {
  readonly value: AwsCredentials;
  /** When AWS stops accepting the keys: the lifetime AWS granted, from when they arrived. */
  readonly expiry: Deadline;
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
