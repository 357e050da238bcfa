import { abortedError } from '../aws/awsError.js';
import { CredentialsError } from '../errors.js';
import type { CredentialsEvent, CredentialsEventListener, WakeCause } from '../events.js';
import {
  closeCrossTab,
  delivered,
  exchangeAcrossTabs,
  idleCrossTab,
  openCrossTab,
  setIdentity,
  sharedOf,
} from '../flight/crossTab.js';
import {
  type Exchanged,
  exchangeOnce,
  readToken,
  SignedOut,
  signedOutError,
  toCredentialsError,
} from '../flight/exchange.js';
import { grant, peerHeld, sameIdentity } from '../flight/grant.js';
import { type Caller, sameCaller } from '../flight/scope.js';
import { openTabChannel, postSignOut, type SharedCredentials, type TabChannel } from '../flight/tabs.js';
import { DEV } from '../platform/env.js';
import { left, stamp as readClocks, type Stamp, wallTimeOf } from '../time/clock.js';
import { backoffDelay } from '../time/timing.js';
import type { AwsCredentials, CredentialsSnapshot } from '../types.js';
import { deliver } from './emit.js';
import { type ClientState, type Flight, newFlight, type Owner } from './state.js';
import { nextSnapshot } from './store.js';

/** Longest a timer is set for, so a jump of either clock (sleep, suspended tab, clock set) is noticed within this delay. */
const HEARTBEAT_MS = 30_000;

/** Now on every clock, including this client's timer clock. */
export function now(s: ClientState): Stamp {
  return readClocks(s.cfg.platform, s.timerClock);
}

/** Drops keys past their expiry (whatever the timers did meanwhile). */
export function expire(s: ClientState, at: Stamp): void {
  if (s.held && left(s.held.expiry, at) <= 0) s.held = null;
}

/** Whether the next attempt (a backoff retry, or the advisory refresh) is due. */
export function due(s: ClientState, at: Stamp): boolean {
  return s.retry ? left(s.retry, at) <= 0 : !s.held || left(s.held.refresh, at) <= 0;
}

/** The snapshot of the state as it is now (the previous object when nothing changed). */
export function snapshotOf(s: ClientState): CredentialsSnapshot {
  const at = now(s);
  expire(s, at);
  const { held, flight, session, error } = s;
  const status = flight
    ? held
      ? 'refreshing'
      : 'loading'
    : held
      ? 'ready'
      : session
        ? error
          ? 'error'
          : 'loading'
        : 'signed-out';
  const next = s.retry ?? held?.refresh;
  return nextSnapshot(s.store.current, {
    status,
    credentials: held?.value ?? null,
    identity: s.identity,
    expiresAt: held ? wallTimeOf(held.expiry.from, held.expiry.ms, at) : null,
    refreshAt: !session || flight || s.halted || !next ? null : wallTimeOf(next.from, next.ms, at),
    error,
    exchangeCount: s.exchangeCount,
    origin: held ? s.origin : null,
  });
}

export function publish(s: ClientState): void {
  s.store.publish(snapshotOf(s));
}

function clearTimer(s: ClientState): void {
  if (s.timer !== undefined) s.cfg.platform.clearTimer(s.timer);
  s.timer = undefined;
}

/** Sets the one timer: for the next attempt or the expiry, whichever is first, at most a heartbeat away. */
export function schedule(s: ClientState): void {
  clearTimer(s);
  if (!s.session || s.flight) return;
  const at = now(s);
  const next = s.retry ?? s.held?.refresh;
  let wait = s.halted ? Number.POSITIVE_INFINITY : next ? left(next, at) : 0;
  if (s.held) wait = Math.min(wait, left(s.held.expiry, at));
  if (wait === Number.POSITIVE_INFINITY) return;
  const delay = Math.max(0, Math.min(wait, HEARTBEAT_MS));
  s.timer = s.cfg.platform.setTimer(() => {
    s.timerClock += delay;
    tick(s);
  }, delay);
}

/** Re-checks everything against every clock: on timers, wake-up events and late timers alike. */
export function tick(s: ClientState): void {
  clearTimer(s); // a wake-up or a late read may come before the timer: never leave it running as well
  if (!s.session) return;
  const at = now(s);
  expire(s, at);
  if (!s.flight && !s.halted && due(s, at)) start(s);
  publish(s);
  schedule(s);
}

/** Why a session ended, as the `signed-out` event says it. */
export type SignOutReason = Extract<CredentialsEvent, { type: 'signed-out' }>['reason'];

function onWake(s: ClientState, cause: WakeCause): void {
  if (s.events) deliver(s.events, { type: 'wake', cause });
  // Back online after a network failure: the backoff was waiting for exactly this.
  if (cause === 'online' && s.retry && s.error?.code === 'Network') s.retry = { from: now(s), ms: 0 };
  tick(s);
}

function resetAttempts(s: ClientState): void {
  s.error = null;
  s.halted = false;
  s.retry = null;
  s.attempts = 0;
}

export function startSession(s: ClientState): void {
  s.session = true;
  s.everStarted = true;
  s.sessionStartedAt = s.cfg.platform.now();
  resetAttempts(s);
  // Before the wake watcher, so on `pageshow` the channel is open again when the wake-up re-checks.
  openTabs(s);
  s.detachWake ??= s.cfg.platform.watchWake((cause) => onWake(s, cause));
}

/**
 * Opens what is not open yet: the cross-tab state (its `pagehide` closes the channel, its `pageshow` reopens it
 * and, in a session, asks the others again), then the channel, unless the page is hidden.
 */
function openTabs(s: ClientState): void {
  s.crossTab ??= openCrossTab(
    s.cfg,
    () => {
      s.channel?.close();
      s.channel = null;
    },
    () => {
      // A session, or a client still listening after a sign-out (see `wipe`); only a session asks.
      s.channel ??= openChannel(s);
      if (s.session && s.crossTab?.key) s.channel?.ask(s.crossTab.key);
    },
  );
  if (!s.crossTab?.hidden.signal.aborted) s.channel ??= openChannel(s);
}

/**
 * This tab's end of the channel: sign-out always; while cross-tab is on, asking and sharing credentials, and
 * "signed out at T" (an ask is answered with the last sign-out this tab witnessed before any keys, so a page
 * restored from the bfcache that missed it drops its keys before it could take newer ones).
 */
function openChannel(s: ClientState): TabChannel | null {
  const signOut = {
    onSignOut: (at: number | undefined) => heardSignOut(s, at ?? s.cfg.platform.now(), true),
  };
  if (!s.crossTab) return openTabChannel(s.cfg, signOut);
  return openTabChannel(s.cfg, {
    ...signOut,
    onAsk: (key) => {
      if (s.signedOutAt > Number.NEGATIVE_INFINITY) s.channel?.signedOutAt(s.signedOutAt);
      if (key === s.crossTab?.key) offer(s);
    },
    onShared: (shared) => receive(s, shared),
    onSignedOutAt: (at) => heardSignOut(s, at, false),
  });
}

/**
 * Another tab says a sign-out happened at `at`: its sign-out message ends this session whatever its start; its
 * answer "signed out at `at`" ends only a session that started before (a user who signed in again since stays
 * signed in). Either way this tab has now witnessed it.
 */
function heardSignOut(s: ClientState, at: number, message: boolean): void {
  // A guest holds nobody's keys: it has nothing to sign out of (unless it is signing in right now).
  const guest = s.identity?.guest === true && !s.flight;
  if (s.session && !guest && (message || s.sessionStartedAt < at)) wipe(s, 'other-tab', at);
  else s.signedOutAt = Math.max(s.signedOutAt, at);
}

/**
 * Shares the keys in hand with the other tabs, when they are worth sharing (more than the mandatory window left)
 * and they are the keys of this tab's current identity (its last token names the same caller).
 */
function offer(s: ClientState): void {
  const { held, identity, channel, crossTab: ct, owner } = s;
  if (!s.session || !ct?.key || !held || !identity || !channel || owner?.key !== ct.key) return;
  const at = now(s);
  if (left(held.expiry, at) > held.mandatoryMs)
    channel.share(sharedOf({ owner, held, identity, clockOffset: s.clockOffset }));
}

/**
 * Keys another tab shared: taken only for this tab's own identity — the key, and the sender's caller (issuer and
 * subject of the token it exchanged) checked against this tab's own last token — when newer than the keys in
 * hand and not from before a sign-out; they enter the store and the scheduler like keys from an exchange (own
 * jitter).
 */
function receive(s: ClientState, shared: SharedCredentials): void {
  const ct = s.crossTab;
  if (!s.session || !ct || shared.key !== ct.key || shared.startedAt < s.signedOutAt) return;
  if (!sameCaller(shared.who, ct.who)) return;
  const at = now(s);
  expire(s, at);
  const h = s.held;
  const mine = sameCaller(s.caller, shared.who);
  if (
    h &&
    mine &&
    (h.value.accessKeyId === shared.accessKeyId || left(h.expiry, at) >= shared.expiresAt - at.wall)
  )
    return;
  if (!mine) newCaller(s, shared.who);
  const gen = s.generation;
  const held = peerHeld(s.cfg, shared, at, { revoked: () => s.generation !== gen, stamp: () => now(s) });
  if (!held) return;
  s.held = held;
  s.identity = sameIdentity(s.identity, shared.identity);
  s.caller = shared.who;
  s.owner = { key: shared.key, who: shared.who };
  s.clockOffset = shared.clockOffset;
  resetAttempts(s);
  s.origin = 'peer';
  announce(s, 'peer', 0);
  if (s.next && !s.flight) {
    // Callers waiting for a backoff attempt: these keys answer them.
    const waiting = s.next;
    s.next = null;
    waiting.resolve(held.value);
  }
  delivered(ct);
  publish(s);
  schedule(s);
}

/**
 * Keys for `who` are about to replace keys of another signed-in caller (the app's IdP session changed user
 * without `signOut()`): the previous user's session ends in this tab — their keys are dropped and every copy
 * handed out reads as expired — and the new user's starts. A guest becoming a user is an upgrade, not this.
 */
function newCaller(s: ClientState, who: Caller | null): void {
  const prev = s.caller;
  if (!prev || prev === 'guest' || sameCaller(prev, who)) return;
  s.generation++;
  s.held = null;
  s.identity = null;
  s.owner = null;
  if (s.events) deliver(s.events, { type: 'signed-out', reason: 'identity-changed' });
}

/**
 * Ends the session: drops the keys, aborts any exchange, stops timers; `sign-out` signs other tabs out too.
 * `at`: when the sign-out happened (another tab's instant, for `other-tab`).
 */
export function wipe(s: ClientState, reason: SignOutReason, at = s.cfg.platform.now()): void {
  const wasActive = s.session;
  s.generation++;
  const pending = [s.flight, s.next];
  s.flight = null;
  s.next = null;
  s.session = false;
  s.held = null;
  s.identity = null;
  s.caller = null;
  s.owner = null;
  resetAttempts(s);
  clearTimer(s);
  if (reason === 'sign-out' || reason === 'other-tab') {
    s.signedOutAt = Math.max(s.signedOutAt, at);
    s.cfg.source.signedOut?.({ platform: s.cfg.platform });
  }
  // A client that witnessed a sign-out keeps a passive listener on the channel (and its page listeners) until
  // `dispose()`, while cross-tab is on: so a tab restored from the bfcache, which missed the sign-out while its
  // channel was closed, learns of it when it asks (the answer carries only the instant: no key, no secret).
  const listen = reason !== 'dispose' && s.cfg.crossTab && s.signedOutAt > Number.NEGATIVE_INFINITY;
  if (s.crossTab && listen) idleCrossTab(s.crossTab);
  else if (s.crossTab) closeCrossTab(s.crossTab);
  if (!listen) s.crossTab = null;
  for (const f of pending) {
    if (!f) continue;
    f.controller.abort();
    f.reject(abortedError());
  }
  s.detachWake?.();
  s.detachWake = null;
  if (listen) openTabs(s);
  if (!s.crossTab) {
    s.channel?.close();
    s.channel = null;
  }
  if (reason === 'sign-out') {
    if (s.channel) s.channel.postSignOut(s.signedOutAt);
    else postSignOut(s.cfg, s.signedOutAt);
  }
  publish(s);
  if (s.events && (wasActive || reason === 'sign-out')) deliver(s.events, { type: 'signed-out', reason });
  if (reason !== 'dispose' && s.cfg.source.exchangeGuest) backToGuest(s);
}

/**
 * Guest mode: a sign-out ends the user's session (their keys and identity are gone, as above) and starts a
 * guest's, without asking `getIdToken` until `refresh()`; at once when someone listens, else with the next
 * `getCredentials()`. The source mints the guest a new identity: the user's own is never reused.
 */
function backToGuest(s: ClientState): void {
  s.guestOnly = true;
  if (s.disposed || !s.store.listened()) return;
  startSession(s);
  start(s);
  publish(s);
}

/**
 * Replaces the flight in progress by a new one, whose answer its callers get too: `refresh()` after someone
 * signed in while a guest's exchange ran (its keys are dropped by `live()`, as after a sign-out).
 */
export function supersede(s: ClientState): Flight {
  const old = s.flight;
  s.flight = null;
  old?.controller.abort();
  const f = start(s);
  if (old) f.promise.then(old.resolve, old.reject);
  return f;
}

/** Starts an exchange unless one runs; every caller shares it. */
export function start(s: ClientState): Flight {
  if (s.flight) return s.flight;
  const f = s.next ?? newFlight();
  s.next = null;
  s.flight = f;
  clearTimer(s);
  const live = () => {
    if (s.flight !== f || f.controller.signal.aborted) throw abortedError();
  };
  const fresh = () => s.held !== null && !due(s, now(s));
  const started = () => {
    if (s.events) deliver(s.events, { type: 'exchange-start', source: s.cfg.source.kind });
  };
  const signal = f.controller.signal;
  const { cfg } = s;
  // Read when the exchange runs (after a wait for the lock a peer may have brought a newer clock offset).
  const run = {
    cfg,
    signal,
    live,
    get guestOnly() {
      return s.guestOnly;
    },
    get clockOffset() {
      return s.clockOffset;
    },
    timerClock: () => s.timerClock,
  };
  exchangeAcrossTabs({
    cfg,
    crossTab: s.crossTab,
    channel: () => s.channel,
    holding: () => s.held !== null,
    signal,
    live,
    fresh,
    started,
    read: () => readToken(run, false),
    exchange: (first) => exchangeOnce(run, first),
  }).then(
    (r) => {
      if (s.flight !== f) {
        if (!r.peer) r.release();
        return;
      }
      s.flight = null;
      if (r.peer) {
        settleFromPeer(s, f);
        return;
      }
      let value: AwsCredentials;
      try {
        value = accept(s, r.out, r.owner);
      } catch (e) {
        r.release();
        fail(s, f, e);
        return;
      }
      if (!r.moved) offer(s); // the other tabs get the keys before the lock is given back
      r.release();
      publish(s);
      schedule(s);
      f.resolve(value);
    },
    (e) => {
      if (s.flight !== f) return;
      s.flight = null;
      fail(s, f, e);
    },
  );
  return f;
}

/** A flight that a peer's delivery answered. */
function settleFromPeer(s: ClientState, f: Flight): void {
  if (!s.held) {
    // Expired in the meantime (a long-frozen tab): exchange after all.
    start(s).promise.then(f.resolve, f.reject);
    publish(s);
    return;
  }
  publish(s);
  schedule(s);
  f.resolve(s.held.value);
}

/** `exchange-success` (from an exchange or a peer) and the refresh it plans, while someone listens. */
function announce(s: ClientState, origin: 'exchange' | 'peer', durationMs: number): void {
  const { held } = s;
  if (!s.events || !held) return;
  const at = now(s);
  deliver(s.events, {
    type: 'exchange-success',
    source: s.cfg.source.kind,
    transport: s.cfg.transport.name,
    durationMs,
    lifetimeSeconds: Math.round(held.expiry.ms / 1000),
    clockOffsetMs: Math.round(s.clockOffset),
    origin,
  });
  const refreshAt = wallTimeOf(held.refresh.from, held.refresh.ms, at);
  deliver(s.events, { type: 'refresh-scheduled', at: new Date(refreshAt), reason: 'refresh' });
}

/**
 * Keys from this tab's exchange, for the caller whose token was really exchanged (`owner`: their shared key,
 * `null` when they are not shareable); keys of another caller than the last start a new session (`newCaller`).
 */
function accept(s: ClientState, out: Exchanged, owner: Owner | null): AwsCredentials {
  const { caller } = out;
  newCaller(s, caller);
  if (s.crossTab) setIdentity(s.crossTab, owner?.key ?? null, owner?.who ?? null);
  const gen = s.generation;
  const g = grant(s.cfg, out, now(s), {
    offset: s.clockOffset,
    identity: s.identity,
    revoked: () => s.generation !== gen,
    stamp: () => now(s),
  });
  s.held = g.held;
  s.identity = g.identity;
  s.caller = caller;
  s.owner = owner;
  s.clockOffset = g.clockOffset;
  resetAttempts(s);
  s.exchangeCount++;
  s.origin = 'exchange';
  if (s.events) announce(s, 'exchange', Math.max(0, Math.round(now(s).mono - out.startedAt.mono)));
  const { upgrade } = out.result;
  if (s.events && (upgrade === 'linked' || upgrade === 'switched'))
    deliver(s.events, { type: 'guest-upgrade', source: s.cfg.source.kind, outcome: upgrade });
  return g.held.value;
}

/** A failed exchange: retryable ones back off with full jitter, others halt until `refresh()`. */
function fail(s: ClientState, f: Flight, e: unknown): void {
  if (e instanceof SignedOut) {
    wipe(s, 'no-token');
    f.reject(signedOutError());
    return;
  }
  let err = toCredentialsError(e);
  if (err.retryable) {
    s.attempts++;
    const delay = backoffDelay(s.attempts);
    const at = now(s);
    s.retry = { from: at, ms: delay };
    err = new CredentialsError(err.code, err.message, {
      cause: err.cause,
      retryAt: new Date(at.wall + delay),
    });
  } else {
    s.halted = true;
    s.retry = null;
  }
  s.error = err;
  if (s.events) {
    const source = s.cfg.source.kind;
    const { code, retryable, retryAt = null } = err;
    const attempt = s.attempts + (retryable ? 0 : 1); // a final failure does not count toward the backoff
    deliver(s.events, { type: 'exchange-failure', source, code, retryable, attempt, retryAt });
    if (retryAt) deliver(s.events, { type: 'refresh-scheduled', at: retryAt, reason: 'retry' });
  }
  publish(s);
  schedule(s);
  f.reject(err);
}

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
export async function getCredentials(s: ClientState): Promise<AwsCredentials> {
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
export async function refresh(s: ClientState): Promise<AwsCredentials> {
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

export function currentSnapshot(s: ClientState): CredentialsSnapshot {
  if (s.held && left(s.held.expiry, now(s)) <= 0) {
    // Never hand out an expired snapshot, even if no timer fired (sleep, throttled tab).
    s.store.current = snapshotOf(s);
    queueMicrotask(() => tick(s));
  }
  return s.store.current;
}

/** Adds an event listener; the client builds events only while one exists. */
export function subscribeEvents(s: ClientState, listener: CredentialsEventListener): () => void {
  if (typeof listener !== 'function') return () => {};
  s.events ??= new Set();
  s.events.add(listener);
  return () => {
    s.events?.delete(listener);
    if (s.events?.size === 0) s.events = null;
  };
}

/** Stops the client for good: a wipe that tells no other tab, then no listener, timer or channel is left. */
export function dispose(s: ClientState): void {
  wipe(s, 'dispose');
  s.disposed = true;
  s.store.clear();
}
