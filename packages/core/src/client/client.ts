import { CredentialsError } from '../errors.js';
import type { CredentialsEventListener } from '../events.js';
import { DEV } from '../platform/env.js';
import { left } from '../time/clock.js';
import type { AwsCredentials, CredentialsClient, CredentialsSnapshot, Listener } from '../types.js';
import { type CreateCredentialsClientOptions, resolveOptions } from './options.js';
import {
  due,
  expire,
  now,
  publish,
  snapshotOf,
  start,
  startSession,
  supersede,
  tick,
  wipe,
} from './scheduler.js';
import { type ClientState, newFlight, newState } from './state.js';
import { createStore } from './store.js';

export { DEFAULT_BROADCAST_CHANNEL } from '../flight/tabs.js';
export type { CreateCredentialsClientOptions } from './options.js';
export { getServerSnapshot, SIGNED_OUT_SNAPSHOT } from './store.js';

/*
 * How it is built: this file is the facade. options.ts checks the options; store.ts holds the snapshots and
 * listeners; scheduler.ts is the state machine (single flight, backoff, timers, sign-out); exchange.ts is one
 * exchange with the forced-token-refresh rule; grant.ts turns AWS's answer into held keys on AWS's clock;
 * timing.ts holds the window, jitter and backoff arithmetic; wake.ts and tabs.ts talk to the page.
 */

function ensureSession(s: ClientState): void {
  if (s.disposed)
    throw new CredentialsError(
      'Aborted',
      DEV ? 'This credentials client was disposed; create a new one.' : '',
    );
  if (!s.session) startSession(s);
}

/**
 * Usable keys at once while more than the mandatory window is left (starting a background refresh when one is
 * due); otherwise the exchange in flight, or a new one. While backing off: the last error at once, unless the
 * next attempt comes before the keys in hand expire; then the caller waits for that attempt (no extra call).
 */
async function getCredentials(s: ClientState): Promise<AwsCredentials> {
  ensureSession(s);
  const at = now(s);
  expire(s, at);
  const { held } = s;
  if (held && left(held.expiry, at) > held.mandatoryMs) {
    if (!s.flight && !s.halted && due(s, at)) {
      start(s);
      publish(s);
    }
    return held.value;
  }
  if (s.flight) return s.flight.promise;
  if (s.error && s.halted) throw s.error;
  if (s.error && s.retry) {
    const wait = left(s.retry, at);
    if (wait > 0) {
      if (held && wait < left(held.expiry, at)) {
        s.next ??= newFlight();
        return s.next.promise;
      }
      throw s.error;
    }
  }
  const f = start(s);
  publish(s);
  return f.promise;
}

/**
 * A new exchange, or the one in flight. In guest mode, someone may just have signed in: a guest's exchange in
 * flight is superseded (its callers get the new answer), so the user's keys follow at once.
 */
async function refresh(s: ClientState): Promise<AwsCredentials> {
  ensureSession(s);
  const asGuest = s.guestOnly || !s.identity || s.identity.guest === true;
  const upgrade = s.flight !== null && s.cfg.source.exchangeGuest !== undefined && asGuest;
  s.guestOnly = false;
  if (s.flight && !upgrade) return s.flight.promise;
  s.halted = false;
  s.retry = null;
  s.attempts = 0;
  const f = upgrade ? supersede(s) : start(s);
  publish(s);
  return f.promise;
}

function getSnapshot(s: ClientState): CredentialsSnapshot {
  if (s.held && left(s.held.expiry, now(s)) <= 0) {
    // Never hand out an expired snapshot, even if no timer fired (sleep, throttled tab).
    s.store.current = snapshotOf(s);
    queueMicrotask(() => tick(s));
  }
  return s.store.current;
}

/** Adds an event listener; the client builds events only while one exists. */
function subscribeEvents(s: ClientState, listener: CredentialsEventListener): () => void {
  if (typeof listener !== 'function') return () => {};
  s.events ??= new Set();
  s.events.add(listener);
  return () => {
    s.events?.delete(listener);
    if (s.events?.size === 0) s.events = null;
  };
}

function subscribe(s: ClientState, listener: Listener): () => void {
  const unsubscribe = s.store.subscribe(listener);
  if (!s.everStarted && !s.disposed) {
    startSession(s);
    start(s);
    publish(s);
  }
  return unsubscribe;
}

/**
 * Creates a credentials client: it trades the user's ID token for temporary AWS credentials through
 * `source`, keeps them in memory, refreshes them before they expire and shares one exchange between every
 * caller. Creating it does nothing: the session starts with the first `subscribe()`, `getCredentials()` or
 * `refresh()`.
 *
 * @example
 * const client = createCredentialsClient({
 *   region: 'eu-west-1',
 *   source: webIdentity({ roleArn: 'arn:aws:iam::123456789012:role/PhotoUploader' }),
 *   getIdToken: async () => (await userManager.getUser())?.id_token ?? null,
 * });
 * const s3 = new S3Client({ region: 'eu-west-1', credentials: client.provider });
 */
export function createCredentialsClient(
  options: CreateCredentialsClientOptions,
): CredentialsClient & Required<Pick<CredentialsClient, 'subscribeEvents'>> {
  const s = newState(resolveOptions(options), createStore());
  if (options.onEvent) subscribeEvents(s, options.onEvent);
  return Object.freeze({
    getSnapshot: () => getSnapshot(s),
    subscribe: (listener: Listener) => subscribe(s, listener),
    subscribeEvents: (listener: CredentialsEventListener) => subscribeEvents(s, listener),
    getCredentials: () => getCredentials(s),
    refresh: () => refresh(s),
    provider: () => getCredentials(s),
    signOut: () => wipe(s, 'sign-out'),
    dispose() {
      wipe(s, 'dispose');
      s.disposed = true;
      s.store.clear();
    },
  });
}
