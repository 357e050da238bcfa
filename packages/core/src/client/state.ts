import type { CredentialsError } from '../errors.js';
import type { ClientConfig } from '../flight/config.js';
import type { CrossTab } from '../flight/crossTab.js';
import type { Held, Owner } from '../flight/held.js';
import type { Caller } from '../flight/scope.js';
import type { TabChannel } from '../flight/tabs.js';
import type { Deadline, Stamp } from '../time/clock.js';
import type { AwsCredentials, CredentialsIdentity, CredentialsOrigin } from '../types.js';
import type { EventListeners } from './emit.js';
import type { Store } from './store.js';

export type { ClientConfig, Held, Owner };

/** One exchange, shared by every caller that asks while it runs. */
export interface Flight {
  readonly promise: Promise<AwsCredentials>;
  resolve(c: AwsCredentials): void;
  reject(e: CredentialsError): void;
  readonly controller: AbortController;
}

/** A flight not started yet; its promise never counts as an unhandled rejection. */
export function newFlight(): Flight {
  let resolve!: (c: AwsCredentials) => void;
  let reject!: (e: CredentialsError) => void;
  const promise = new Promise<AwsCredentials>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => {});
  return { promise, resolve, reject, controller: new AbortController() };
}

/** Everything one client knows; changed only by scheduler.ts (client.ts forwards each call there). */
export interface ClientState {
  readonly cfg: ClientConfig;
  readonly store: Store;
  disposed: boolean;
  /** Bumped by every wipe: credentials handed out before it read as expired (AWS SDK caches drop them). */
  generation: number;
  /** A session runs: from the first subscribe / getCredentials / refresh until sign-out. */
  session: boolean;
  everStarted: boolean;
  held: Held | null;
  identity: CredentialsIdentity | null;
  /**
   * The caller whose token produced the keys in hand (or the last ones): a token that names another caller
   * starts a new session (see `accept` in scheduler.ts), so one user's keys never serve another.
   */
  caller: Caller | null;
  /** The identity key and caller the keys in hand are shared under; `null` while they are not shareable. */
  owner: Owner | null;
  error: CredentialsError | null;
  /** A final failure: no retry until `refresh()` or a new session. */
  halted: boolean;
  /** The next backoff attempt, after a retryable failure. */
  retry: Deadline | null;
  attempts: number;
  exchangeCount: number;
  /** Where the held keys came from (the snapshot's `origin` while there are keys). */
  origin: CredentialsOrigin;
  /** AWS's clock minus the local one, from the last response `Date` header. */
  clockOffset: number;
  flight: Flight | null;
  /** The next flight, made early for callers that wait for a scheduled backoff attempt. */
  next: Flight | null;
  timer: unknown;
  /** The delays of this client's timers that fired, summed: time that certainly went by (see clock.ts). */
  timerClock: number;
  channel: TabChannel | null;
  /** Cross-tab sharing for this session; `null` while off (see crossTab.ts). */
  crossTab: CrossTab | null;
  /**
   * The last sign-out this tab witnessed, its own or another tab's (wall clock ms, as the signing-out tab said):
   * shared keys from before it are dropped, and a tab whose session started before it signs out on hearing it.
   */
  signedOutAt: number;
  /** When the current (or last) session started (wall clock ms): a sign-out heard of later ends it only if after this. */
  sessionStartedAt: number;
  /**
   * Guest mode after a sign-out: exchanges are a guest's without asking `getIdToken` (which may still return the
   * old token until the app signs out of the IdP too), until `refresh()` says someone signed in.
   */
  guestOnly: boolean;
  detachWake: (() => void) | null;
  /** `onEvent` and `subscribeEvents()` listeners; `null` while there are none (then no event is built). */
  events: EventListeners | null;
}

export function newState(cfg: ClientConfig, store: Store, events: EventListeners | null = null): ClientState {
  return {
    cfg,
    store,
    disposed: false,
    generation: 0,
    session: false,
    everStarted: false,
    held: null,
    identity: null,
    caller: null,
    owner: null,
    error: null,
    halted: false,
    retry: null,
    attempts: 0,
    exchangeCount: 0,
    origin: 'exchange',
    clockOffset: 0,
    flight: null,
    next: null,
    timer: undefined,
    timerClock: 0,
    channel: null,
    crossTab: null,
    signedOutAt: Number.NEGATIVE_INFINITY,
    sessionStartedAt: Number.NEGATIVE_INFINITY,
    guestOnly: false,
    detachWake: null,
    events,
  };
}

export type { Stamp };
