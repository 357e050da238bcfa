/**
 * One exchange per browser profile, however many tabs. Tabs of one profile and origin share one
 * identity's credentials in memory, over the BroadcastChannel of tabs.ts (never storage), and take a Web Lock
 * (locks.ts) around each exchange, so the first tab that needs keys fetches them and the others receive them:
 *
 * - The identity is a hash of the client's region, the ID token's issuer, subject and audience and the
 *   source's scope (role, pool, endpoint): the raw subject never names a lock, and a tab accepts only
 *   credentials for the identity its own ID token names (decoded locally, no STS call).
 * - A tab without keys asks its peers first and waits at most `ASK_PEERS_MS` for an answer.
 * - The lock is taken only around one exchange (never a long-lived leader), never stolen, held and waited
 *   for at most the transport's timeout; a tab granted it after waiting looks again (and asks once more)
 *   for what the previous holder delivered before exchanging itself.
 * - Without Web Locks, BroadcastChannel or Web Crypto, or outside a browser window unless `crossTab: true`:
 *   nothing here runs and each tab exchanges for itself, as before.
 */

import type { LockManagerLike, Platform } from '../platform/platform.js';
import type { CredentialsIdentity } from '../types.js';
import type { ClientConfig } from './config.js';
import { callerOf, type Exchanged, type ReadToken } from './exchange.js';
import type { Held, Owner } from './held.js';
import { type ExchangeLock, takeLock } from './locks.js';
import { type Caller, scopeKeyInput, sourceScope } from './scope.js';
import type { SharedCredentials, TabChannel } from './tabs.js';

/** How long a tab without credentials waits for its peers' answer before it exchanges itself. */
export const ASK_PEERS_MS = 300;

/** The transports' default timeout, for a custom transport that does not state its own. */
const DEFAULT_TIMEOUT_MS = 10_000;

/** One client's cross-tab state; `null` in the client state while cross-tab sharing is off. */
export interface CrossTab {
  readonly locks: LockManagerLike;
  readonly platform: Platform;
  /** The lock names' prefix: the `broadcastChannel` name. */
  readonly prefix: string;
  /** This tab's identity (from its last ID token), `null` before the first token or for a scope-less source. */
  key: string | null;
  /** The last key hashed, with its input: a repeated token costs no second digest. */
  hashed: { readonly input: string; readonly key: string } | null;
  /** Whom `key` names: the caller of this tab's last token (checked again on every delivery). */
  who: Caller | null;
  /** Peer deliveries this tab accepted; a flight compares it before and after waiting. */
  deliveries: number;
  readonly waiters: Set<() => void>;
  /** Aborted on `pagehide`: a lock waited for is given up, a lock held is released. */
  hidden: AbortController;
  detach: () => void;
}

/**
 * Whether a client shares credentials across tabs: `crossTab` when given, otherwise only in a browser window
 * (a server process, even with Node's Web Locks, must not share one user's keys across requests); never
 * without a `broadcastChannel`.
 */
export function crossTabFor(
  option: boolean | undefined,
  channelName: string | false,
  platform: Platform,
): boolean {
  if (channelName === false) return false;
  return option ?? platform.context() === 'window';
}

/**
 * The cross-tab state for a new session, or `null` (off, or the browser lacks Web Locks, BroadcastChannel or
 * Web Crypto: per-tab exchanges, no error). `pagehide` and `pageshow` reach `onHide` / `onShow` (bfcache: a held
 * or pending lock keeps Chrome from restoring a page, and the channel is closed meanwhile).
 */
export function openCrossTab(cfg: ClientConfig, onHide: () => void, onShow: () => void): CrossTab | null {
  const { platform } = cfg;
  if (!cfg.crossTab || !cfg.channelName) return null;
  const locks = platform.locks();
  const probe = platform.channel(cfg.channelName);
  // Closed on the next tick, once the session's own channel is open: Deno 2 leaves a channel opened in the same
  // tick as the last open one closed dead (its posts throw), so the probe must not be that last one.
  if (probe) platform.setTimer(() => probe.close(), 0);
  if (!locks || !probe || !platform.subtle()) return null;
  const ct: CrossTab = {
    locks,
    platform,
    prefix: cfg.channelName,
    key: null,
    hashed: null,
    who: null,
    deliveries: 0,
    waiters: new Set(),
    hidden: new AbortController(),
    detach: () => {},
  };
  const hide = () => {
    ct.hidden.abort();
    onHide();
  };
  const show = () => {
    if (ct.hidden.signal.aborted) ct.hidden = new AbortController();
    onShow();
  };
  ct.detach = platform.watchPage(hide, show) ?? (() => {});
  return ct;
}

/** Ends a session's cross-tab state: no more page listeners, every wait given up. */
export function closeCrossTab(ct: CrossTab): void {
  ct.detach();
  ct.hidden.abort();
  for (const w of [...ct.waiters]) w();
}

/**
 * Ends a session's cross-tab state but keeps its page listeners, for a client that keeps listening after a
 * sign-out (see `wipe` in scheduler.ts): no identity until the next session reads its token, every wait given up.
 */
export function idleCrossTab(ct: CrossTab): void {
  ct.key = null;
  ct.who = null;
  for (const w of [...ct.waiters]) w();
}

/** The SHA-256 (base64url) of a key input. */
async function hashKey(platform: Platform, input: string): Promise<string> {
  const digest = await platform.subtle()!.digest('SHA-256', new TextEncoder().encode(input));
  let bin = '';
  for (const b of new Uint8Array(digest)) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * The identity key of a caller for this client (a hash of `scopeKeyInput`: the source's scope, the region and
 * the token's issuer, subject and audience, or the guest): `null` when the source names no scope or the token
 * no issuer and subject (such credentials are never shared).
 */
export async function keyOf(ct: CrossTab, cfg: ClientConfig, who: Caller | null): Promise<string | null> {
  const input = scopeKeyInput({ region: cfg.region, scope: sourceScope(cfg.source) }, who);
  if (!input) return null;
  if (ct.hashed?.input === input) return ct.hashed.key;
  const key = await hashKey(ct.platform, input);
  ct.hashed = { input, key };
  return key;
}

/** Makes `key` (of caller `who`) this tab's identity: asks and accepted deliveries are for it from now on. */
export function setIdentity(ct: CrossTab, key: string | null, who: Caller | null): void {
  ct.key = key;
  ct.who = key ? who : null;
}

/** Counts a delivery this tab accepted and wakes every flight waiting for one. */
export function delivered(ct: CrossTab): void {
  ct.deliveries++;
  for (const w of [...ct.waiters]) w();
}

/**
 * What a tab shares of the keys it holds: with the key and the caller they were exchanged for. Their expiry goes
 * as the absolute wall-clock instant fixed when they arrived (`held.expiresAt`), not as this tab's estimate
 * corrected by its own monotonic clock and timers: those are per tab, and a background tab's (WebKit) made every
 * receiver expect the keys ~10 s early and refresh at once (issue 24's refresh storm).
 */
export function sharedOf(from: {
  owner: Owner;
  held: Held;
  identity: CredentialsIdentity;
  clockOffset: number;
}): SharedCredentials {
  const { owner, held } = from;
  return {
    key: owner.key,
    who: owner.who === 'guest' ? 'guest' : { ...owner.who },
    accessKeyId: held.value.accessKeyId,
    secretAccessKey: held.value.secretAccessKey,
    sessionToken: held.value.sessionToken,
    expiresAt: held.expiresAt,
    lifetimeMs: held.lifetimeMs,
    startedAt: held.startedAt,
    clockOffset: from.clockOffset,
    identity: { ...from.identity },
  };
}

/**
 * Resolves `true` once `got()` says a delivery arrived, `false` after `ms` or when `signal` aborts (or the
 * cross-tab state closes); `stop()` gives up early.
 */
function untilDelivery(
  ct: CrossTab,
  got: () => boolean,
  ms: number,
  signal: AbortSignal,
): { promise: Promise<boolean>; stop: () => void } {
  let stop = () => {};
  const promise = new Promise<boolean>((resolve) => {
    if (got()) return resolve(true);
    const timer = ms === Number.POSITIVE_INFINITY ? undefined : ct.platform.setTimer(() => end(false), ms);
    const check = () => {
      if (got() || ct.hidden.signal.aborted) end(got());
    };
    const onAbort = () => end(false);
    const end = (v: boolean) => {
      if (timer !== undefined) ct.platform.clearTimer(timer);
      ct.waiters.delete(check);
      signal.removeEventListener('abort', onAbort);
      resolve(v);
    };
    ct.waiters.add(check);
    signal.addEventListener('abort', onAbort, { once: true });
    stop = () => end(false);
  });
  return { promise, stop };
}

/**
 * The outcome of a flight across tabs: a peer delivered fresh keys, or this tab exchanged (lock still held until
 * `release`). `owner` names whose keys they are, from the token really exchanged (`null`: never shared); `moved`
 * says that token named another caller than the one the lock was taken for (`getIdToken({ forceRefresh })`
 * returned another user's token): the lock is already given back and the keys must not be shared under it.
 */
export type Outcome =
  | { readonly peer: true }
  | {
      readonly peer: false;
      readonly out: Exchanged;
      readonly release: () => void;
      readonly owner: Owner | null;
      readonly moved: boolean;
    };

const PEER: Outcome = { peer: true };
const noop = () => {};

/** Waits for the exchange lock, or for a peer's delivery, whichever comes first. */
async function lockOrDelivery(
  f: FlightContext & { crossTab: CrossTab },
  key: string,
  got: () => boolean,
): Promise<{ lock: ExchangeLock | null; release: () => void } | null> {
  const { crossTab: ct, cfg, signal } = f;
  const timeoutMs = cfg.transport.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  // Aborted by sign-out (the flight's signal) or by a delivery that makes the lock unnecessary.
  const cancel = new AbortController();
  const onAbort = () => cancel.abort();
  signal.addEventListener('abort', onAbort, { once: true });
  const unlink = () => signal.removeEventListener('abort', onAbort);
  const taking = takeLock(ct.locks, `${ct.prefix}:${key}`, {
    signal: cancel.signal,
    waitMs: timeoutMs,
    holdMs: timeoutMs,
    hidden: ct.hidden.signal,
    timers: ct.platform,
  });
  taking.catch(noop);
  const peer = untilDelivery(ct, got, Number.POSITIVE_INFINITY, cancel.signal);
  try {
    const first = await Promise.race([
      taking,
      peer.promise.then((d) => (d ? PEER : new Promise<never>(noop))),
    ]);
    if (first === PEER) {
      cancel.abort(); // withdraws the request, or releases a lock granted meanwhile
      unlink();
      return null;
    }
    const lock = first as ExchangeLock | null;
    return {
      lock,
      release: () => {
        lock?.release();
        unlink();
      },
    };
  } catch (e) {
    unlink();
    throw e;
  } finally {
    peer.stop();
  }
}

/**
 * Whose keys an exchange produced: the caller of the token really exchanged, keyed for this client. The lock
 * key of the flight is compared with it: a token re-read during the exchange may name someone else.
 */
async function ownerOf(ct: CrossTab, cfg: ClientConfig, out: Exchanged): Promise<Owner | null> {
  const key = await keyOf(ct, cfg, out.caller);
  return key && out.caller ? { key, who: out.caller } : null;
}

/** The context of one flight: the client's config and what the scheduler lends it (never its whole state). */
export interface FlightContext {
  readonly cfg: ClientConfig;
  readonly crossTab: CrossTab | null;
  readonly channel: () => TabChannel | null;
  /** Whether this tab holds keys at all (a tab without asks its peers first). */
  readonly holding: () => boolean;
  readonly signal: AbortSignal;
  /** Throws once the flight was superseded (sign-out): a late answer is never used. */
  readonly live: () => void;
  /** Keys in hand that are not due: a peer's delivery made this flight unnecessary. */
  readonly fresh: () => boolean;
  /** Called when this tab really begins an exchange with AWS (not when a peer answers). */
  readonly started: () => void;
  readonly exchange: (first?: ReadToken) => Promise<Exchanged>;
  readonly read: () => Promise<ReadToken>;
}

/**
 * One flight of a tab that shares: asks peers when it has no keys, then takes the exchange lock; after
 * acquiring it, looks again for a peer's delivery (`fresh()`: keys in hand that are not due) before
 * exchanging. An `exchange` outcome still holds the lock (unless `moved`): the caller shares the keys, then
 * releases it.
 */
export async function exchangeAcrossTabs(f: FlightContext): Promise<Outcome> {
  const { cfg, crossTab: ct, signal, live } = f;
  const exchange = (first?: ReadToken) => {
    f.started();
    return f.exchange(first);
  };
  if (!ct) return { peer: false, out: await exchange(), release: noop, owner: null, moved: false };
  const t = await f.read();
  const who = callerOf(t);
  const key = await keyOf(ct, cfg, who);
  live();
  setIdentity(ct, key, who);
  if (!key) return { peer: false, out: await exchange(t), release: noop, owner: null, moved: false };
  const seen = ct.deliveries;
  const got = () => ct.deliveries !== seen && f.fresh();
  const ask = async () => {
    const channel = f.channel();
    if (!channel) return false;
    channel.ask(key);
    const answered = await untilDelivery(ct, got, ASK_PEERS_MS, signal).promise;
    live();
    return answered;
  };
  if (!f.holding() && (await ask())) return PEER;
  const taken = await lockOrDelivery({ ...f, crossTab: ct }, key, got);
  live();
  if (!taken) return PEER;
  try {
    if (got() || (taken.lock?.waited && (await ask()))) {
      taken.release();
      return PEER;
    }
    const out = await exchange(t);
    const owner = await ownerOf(ct, cfg, out);
    live();
    if (owner?.key === key) return { peer: false, out, release: taken.release, owner, moved: false };
    // The token exchanged names another caller: nothing is shared under this lock, which goes back at once.
    taken.release();
    return { peer: false, out, release: noop, owner, moved: true };
  } catch (e) {
    taken.release();
    throw e;
  }
}
