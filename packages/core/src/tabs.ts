/**
 * The channel name other tabs listen on for sign-out, unless `broadcastChannel` says otherwise.
 *
 * @example
 * new BroadcastChannel(DEFAULT_BROADCAST_CHANNEL).onmessage = () => console.log('signed out in another tab');
 */
export const DEFAULT_BROADCAST_CHANNEL = 'web-identity';

const SIGN_OUT = 'web-identity:sign-out';

type ChannelCtor = typeof BroadcastChannel;
const Channel = (): ChannelCtor | undefined =>
  (globalThis as { BroadcastChannel?: ChannelCtor }).BroadcastChannel;

/**
 * The channel to use: the option when given; otherwise the default in browsers and workers (one user per
 * page), and none in Node, where one process serves many users.
 */
export function channelNameFor(option: string | false | undefined): string | false {
  if (option !== undefined) return option;
  const g = globalThis as { document?: unknown; importScripts?: unknown };
  return g.document !== undefined || typeof g.importScripts === 'function'
    ? DEFAULT_BROADCAST_CHANNEL
    : false;
}

/** A tab's end of the channel: hears sign-out from other tabs, tells them of its own. */
export interface TabChannel {
  /** Tells every other tab listening on this name to sign out. */
  postSignOut(): void;
  close(): void;
}

/**
 * Opens `name` (null when there is no name or no BroadcastChannel: each tab then signs out alone). Other
 * tabs' sign-out calls `onSignOut`. The channel never keeps a Node process alive.
 */
export function openTabChannel(name: string | false, onSignOut: () => void): TabChannel | null {
  const Ctor = Channel();
  if (!name || !Ctor) return null;
  const channel = new Ctor(name);
  (channel as unknown as { unref?: () => void }).unref?.();
  channel.onmessage = (ev: MessageEvent) => {
    if ((ev.data as { type?: unknown } | null)?.type === SIGN_OUT) onSignOut();
  };
  return {
    postSignOut: () => channel.postMessage({ type: SIGN_OUT }),
    close: () => channel.close(),
  };
}

/** Tells other tabs to sign out when this client has no channel open (it signed out before starting). */
export function postSignOut(name: string | false): void {
  const Ctor = Channel();
  if (!name || !Ctor) return;
  const channel = new Ctor(name);
  try {
    channel.postMessage({ type: SIGN_OUT });
  } finally {
    channel.close();
  }
}
