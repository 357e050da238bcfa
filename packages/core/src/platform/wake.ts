import type { WakeCause } from '../events.js';

/** Why the client looked again at once instead of waiting for its timer. */
export type { WakeCause };

const WINDOW_EVENTS = ['online', 'focus', 'pageshow'] as const;

interface EventTargetLike {
  addEventListener?: (type: string, fn: (ev: Event) => void) => void;
  removeEventListener?: (type: string, fn: (ev: Event) => void) => void;
}

type WindowLike = EventTargetLike & { document?: EventTargetLike & { visibilityState?: string } };

/**
 * Calls `onWake` when the page may have slept, been throttled in the background or been offline: back
 * online, focused, shown from the back/forward cache, or made visible. Nothing while the page is hidden (a
 * hidden tab's timers keep the keys right; waking it would only cost calls). Outside browsers nothing is
 * attached (timers measure lateness there, see time/clock.ts). Returns the function that detaches it all.
 *
 * @example
 * const stop = watchWindowWake(window, (cause) => recheck(cause));
 */
export function watchWindowWake(target: unknown, onWake: (cause: WakeCause) => void): () => void {
  const g = target as WindowLike;
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

/**
 * `pagehide` / `pageshow` of a page (the back/forward cache), or `null` outside a page (no `document`, or a
 * target without listeners). Returns the function that detaches both.
 */
export function watchPageLifecycle(
  target: unknown,
  onHide: () => void,
  onShow: () => void,
): (() => void) | null {
  const g = target as WindowLike;
  if (g.document === undefined || typeof g.addEventListener !== 'function') return null;
  const hide = () => onHide();
  const show = () => onShow();
  g.addEventListener('pagehide', hide);
  g.addEventListener('pageshow', show);
  const remove = g.removeEventListener?.bind(g);
  return () => {
    remove?.('pagehide', hide);
    remove?.('pageshow', show);
  };
}
