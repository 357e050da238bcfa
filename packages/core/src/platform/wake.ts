import type { WakeCause } from '../events.js';

/** Why the client looked again at once instead of waiting for its timer. */
export type { WakeCause };

const WINDOW_EVENTS = ['online', 'focus', 'pageshow'] as const;

interface EventTargetLike {
  addEventListener?: (type: string, fn: (ev: Event) => void) => void;
  removeEventListener?: (type: string, fn: (ev: Event) => void) => void;
}

/**
 * Calls `onWake` when the page may have slept, been throttled in the background or been offline: back
 * online, focused, shown from the back/forward cache, or made visible. Nothing while the page is hidden (a
 * hidden tab's timers keep the keys right; waking it would only cost calls). Outside browsers nothing is
 * attached (timers measure lateness there, see clock.ts). Returns the function that detaches it all.
 *
 * @example
 * const stop = watchWake((cause) => recheck(cause));
 */
export function watchWake(onWake: (cause: WakeCause) => void): () => void {
  const g = globalThis as EventTargetLike & { document?: EventTargetLike & { visibilityState?: string } };
  const doc = g.document;
  const handler = (ev: Event) => {
    if (doc?.visibilityState !== 'hidden') onWake(ev.type as WakeCause);
  };
  for (const t of WINDOW_EVENTS) g.addEventListener?.(t, handler);
  doc?.addEventListener?.('visibilitychange', handler);
  return () => {
    for (const t of WINDOW_EVENTS) g.removeEventListener?.(t, handler);
    doc?.removeEventListener?.('visibilitychange', handler);
  };
}
