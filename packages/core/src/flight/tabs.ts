import type { Platform } from '../platform/platform.js';
import type { ChannelLike, CredentialsIdentity } from '../types.js';
import type { Caller } from './scope.js';

/**
 * The channel name other tabs listen on for sign-out and shared credentials (and the prefix of the exchange
 * lock's name), unless `broadcastChannel` says otherwise.
 *
 * @example
 * new BroadcastChannel(DEFAULT_BROADCAST_CHANNEL).onmessage = () => console.log('signed out in another tab');
 */
export const DEFAULT_BROADCAST_CHANNEL = 'web-identity';

const SIGN_OUT = 'web-identity:sign-out';
const ASK = 'web-identity:ask';
const SHARE = 'web-identity:credentials';
/** The answer to an ask of a tab that witnessed a sign-out: only its instant, never a key. */
const SIGNED_OUT = 'web-identity:signed-out';

/**
 * The channel to use: the option when given; otherwise the default in browsers and workers (one user per
 * page), and none on a server, where one process serves many users.
 */
export function channelNameFor(option: string | false | undefined, platform: Platform): string | false {
  if (option !== undefined) return option;
  return platform.context() === 'server' ? false : DEFAULT_BROADCAST_CHANNEL;
}

/**
 * Credentials one tab shares with the others of its browser profile (in memory, over BroadcastChannel; never
 * stored). `key` names the identity (a hash, see crossTab.ts); instants are on the device's wall clock, which
 * every tab of the profile shares.
 */
export interface SharedCredentials {
  readonly key: string;
  /** Whose keys: the caller of the token the sender exchanged (a receiver checks it against its own token). */
  readonly who: Caller;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  /** When the keys expire (local wall clock, ms). */
  readonly expiresAt: number;
  /** The lifetime AWS granted when they arrived (ms): the refresh windows are computed from it. */
  readonly lifetimeMs: number;
  /** When the exchange that produced them started (local wall clock, ms): an answer from before a sign-out is dropped. */
  readonly startedAt: number;
  /** AWS's clock minus the local one. */
  readonly clockOffset: number;
  readonly identity: CredentialsIdentity;
}

/** What a tab hears from the others. */
export interface TabHandlers {
  /** Another tab signed out, at `at` (wall clock ms; `undefined` from a sender that does not say). */
  onSignOut(at: number | undefined): void;
  /** A tab asks for current credentials of identity `key`. */
  onAsk?(key: string): void;
  /** A tab shared credentials (not yet checked against this tab's identity). */
  onShared?(shared: SharedCredentials): void;
  /** A tab that witnessed a sign-out answered an ask: the last one happened at `at` (wall clock ms). */
  onSignedOutAt?(at: number): void;
}

/** A tab's end of the channel: hears sign-out and shared credentials from other tabs, tells them its own. */
export interface TabChannel {
  /** Tells every other tab listening on this name to sign out, saying when (`at`, wall clock ms). */
  postSignOut(at: number): void;
  /** Asks the other tabs for current credentials of identity `key` (those that hold them answer with `share`). */
  ask(key: string): void;
  /** Gives the other tabs this tab's credentials. */
  share(shared: SharedCredentials): void;
  /** Answers an ask: the last sign-out this tab witnessed happened at `at` (no key, no secret). */
  signedOutAt(at: number): void;
  close(): void;
}

const str = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** A message's caller when well-formed: `'guest'`, or an issuer and subject with an audience or `null`. */
function callerFrom(w: unknown): Caller | null {
  if (w === 'guest') return 'guest';
  const o = w as Record<string, unknown> | null;
  if (!o || typeof o !== 'object' || !str(o.issuer) || !str(o.subject)) return null;
  if (o.audience !== null && typeof o.audience !== 'string') return null;
  return { issuer: o.issuer, subject: o.subject, audience: o.audience };
}

/** A message's credentials when well-formed, else `null` (a foreign or corrupted message is ignored). */
function sharedFrom(d: Record<string, unknown>): SharedCredentials | null {
  const id = d.identity as Record<string, unknown> | null;
  const who = callerFrom(d.who);
  if (
    !who ||
    !str(d.key) ||
    !str(d.accessKeyId) ||
    !str(d.secretAccessKey) ||
    !str(d.sessionToken) ||
    !num(d.expiresAt) ||
    !num(d.lifetimeMs) ||
    !num(d.startedAt) ||
    !num(d.clockOffset) ||
    !id ||
    typeof id !== 'object' ||
    typeof id.subject !== 'string' ||
    typeof id.provider !== 'string'
  ) {
    return null;
  }
  const identity: CredentialsIdentity = { subject: id.subject, provider: id.provider };
  for (const k of ['audience', 'assumedRoleArn', 'identityId'] as const) if (str(id[k])) identity[k] = id[k];
  if (id.guest === true) identity.guest = true;
  return {
    key: d.key,
    who,
    accessKeyId: d.accessKeyId,
    secretAccessKey: d.secretAccessKey,
    sessionToken: d.sessionToken,
    expiresAt: d.expiresAt,
    lifetimeMs: d.lifetimeMs,
    startedAt: d.startedAt,
    clockOffset: d.clockOffset,
    identity,
  };
}

/**
 * Opens `name` (null when there is no name or no BroadcastChannel: each tab then signs out and exchanges
 * alone). The channel never keeps a Node process alive.
 */
export function openTabChannel(
  cfg: { channelName: string | false; platform: Platform },
  on: TabHandlers,
): TabChannel | null {
  const channel = cfg.channelName ? cfg.platform.channel(cfg.channelName) : null;
  if (!channel) return null;
  channel.onmessage = (ev: MessageEvent) => {
    const d = ev.data as Record<string, unknown> | null;
    if (!d || typeof d !== 'object') return;
    if (d.type === SIGN_OUT) on.onSignOut(num(d.at) ? d.at : undefined);
    else if (d.type === ASK && str(d.key)) on.onAsk?.(d.key);
    else if (d.type === SIGNED_OUT && num(d.at)) on.onSignedOutAt?.(d.at);
    else if (d.type === SHARE && on.onShared) {
      const shared = sharedFrom(d);
      if (shared) on.onShared(shared);
    }
  };
  const post = (message: Record<string, unknown>) => postQuietly(channel, message);
  return {
    postSignOut: (at) => post({ type: SIGN_OUT, at }),
    ask: (key) => post({ type: ASK, key }),
    share: (shared) => post({ type: SHARE, ...shared }),
    signedOutAt: (at) => post({ type: SIGNED_OUT, at }),
    close: () => channel.close(),
  };
}

/**
 * Posts `message`; a channel that throws (closed, or Deno's right after a reopen) is treated as no channel: the
 * other tabs just do not hear it, and this tab goes on alone, as without BroadcastChannel.
 */
function postQuietly(channel: ChannelLike, message: Record<string, unknown>): void {
  try {
    channel.postMessage(message);
  } catch {
    // nobody hears it; nothing else to do
  }
}

/** Tells other tabs to sign out when this client has no channel open (it signed out before starting). */
export function postSignOut(cfg: { channelName: string | false; platform: Platform }, at: number): void {
  const channel = cfg.channelName ? cfg.platform.channel(cfg.channelName) : null;
  if (!channel) return;
  postQuietly(channel, { type: SIGN_OUT, at });
  channel.close();
}
