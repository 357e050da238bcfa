/**
 * The one environment seam: everything the client needs from the runtime it runs in — clocks and timers, wake
 * signals, the page's lifecycle, storage, Web Locks, a broadcast channel and Web Crypto — as one object, chosen
 * per runtime and injectable through the client's `platform` option (React Native's AppState as the wake source,
 * a Worker without `document`, a test's manual clock). This folder is the only code that reads `globalThis`;
 * the default reads it at call time, so test fake timers apply.
 */

import type { WakeCause } from '../events.js';
import type { ChannelLike, LockManagerLike, Platform, StorageLike } from '../types.js';
import { watchPageLifecycle, watchWindowWake } from './wake.js';

export type { ChannelLike, LockManagerLike, Platform, StorageLike };

type Globals = {
  document?: unknown;
  importScripts?: unknown;
  performance?: { now?: () => number };
  localStorage?: StorageLike;
  navigator?: { locks?: LockManagerLike };
  BroadcastChannel?: new (name: string) => ChannelLike;
  crypto?: { subtle?: SubtleCrypto };
};

const g = (): Globals => globalThis as Globals;

/** Web Crypto's `subtle` of this runtime, or `null` (also for the signer, which runs without a client). */
export function webCrypto(): SubtleCrypto | null {
  return g().crypto?.subtle ?? null;
}

/** `localStorage` when the page has a usable one (not in Node, SSR, or a sandboxed frame that throws). */
function localStorageOrNull(): StorageLike | null {
  try {
    const ls = g().localStorage;
    return ls && typeof ls.getItem === 'function' ? ls : null;
  } catch {
    return null;
  }
}

const DEFAULT: Platform = Object.freeze({
  now: () => Date.now(),
  monotonic: () => {
    const p = g().performance;
    return typeof p?.now === 'function' ? p.now() : null;
  },
  setTimer(fn: () => void, ms: number) {
    const t = setTimeout(fn, Math.max(0, ms));
    (t as { unref?: () => void }).unref?.();
    return t;
  },
  clearTimer: (handle: unknown) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  watchWake: (onWake: (cause: WakeCause) => void) => watchWindowWake(globalThis, onWake),
  watchPage: (onHide: () => void, onShow: () => void) => watchPageLifecycle(globalThis, onHide, onShow),
  context: () =>
    g().document !== undefined ? 'window' : typeof g().importScripts === 'function' ? 'worker' : 'server',
  storage: localStorageOrNull,
  locks: () => {
    const locks = g().navigator?.locks;
    return typeof locks?.request === 'function' ? locks : null;
  },
  channel: (name: string) => {
    const Ctor = g().BroadcastChannel;
    if (typeof Ctor !== 'function') return null;
    const channel = new Ctor(name);
    (channel as { unref?: () => void }).unref?.(); // never keeps a Node process alive
    return channel;
  },
  subtle: webCrypto,
});

/**
 * The platform of the runtime this runs in (browsers, workers, Node, Deno, Bun, edge runtimes), read from
 * `globalThis` at call time; `overrides` replace any part of it.
 *
 * @example
 * const platform = defaultPlatform({ storage: () => null }); // never store the guest id
 */
export function defaultPlatform(overrides?: Partial<Platform>): Platform {
  return overrides ? Object.freeze({ ...DEFAULT, ...overrides }) : DEFAULT;
}
