import type { LockManagerLike, Platform } from '../platform/platform.js';

export type { LockManagerLike };

/** A Web Lock this tab holds for one exchange. */
export interface ExchangeLock {
  /** Gives the lock back (idempotent). */
  release(): void;
  /** The lock was busy when asked: another tab held it, and may have delivered credentials meanwhile. */
  readonly waited: boolean;
}

export interface TakeLockOptions {
  /** Aborted (sign-out): a pending request is withdrawn and the promise rejects; a held lock is released. */
  signal: AbortSignal;
  /** Longest wait for a busy lock; then the promise resolves with `null` and the caller goes alone. */
  waitMs: number;
  /** Longest hold: the lock is released after this even if the exchange still runs. */
  holdMs: number;
  /** Aborted when the page is hidden (`pagehide`): a pending wait resolves with `null`, a held lock is released. */
  hidden: AbortSignal;
  /** The runtime's timers. */
  timers: Pick<Platform, 'setTimer' | 'clearTimer'>;
}

/**
 * Takes the exclusive Web Lock `name` for one exchange, never by stealing it: at once when free; otherwise
 * waits at most `waitMs` (a frozen or hidden holder cannot stall this tab: it then exchanges alone, at worst
 * one extra call). A tab that closes or crashes while holding it loses it to the browser, so the next waiter
 * is granted it. Holding is bounded by `holdMs`, so a lock is never held long.
 *
 * @example
 * const lock = await takeLock(navigator.locks, 'web-identity:3f1c…', { signal, waitMs: 10_000, holdMs: 10_000, hidden });
 * try { await exchange(); } finally { lock?.release(); }
 */
export function takeLock(
  locks: LockManagerLike,
  name: string,
  o: TakeLockOptions,
): Promise<ExchangeLock | null> {
  return new Promise<ExchangeLock | null>((resolve, reject) => {
    let settled = false;
    const wait = new AbortController();
    let timer: unknown;
    const finish = (value: ExchangeLock | null, error?: unknown) => {
      if (settled) return false;
      settled = true;
      if (timer !== undefined) o.timers.clearTimer(timer);
      o.signal.removeEventListener('abort', onAbort);
      o.hidden.removeEventListener('abort', onHidden);
      if (error !== undefined) reject(error);
      else resolve(value);
      return true;
    };
    const onAbort = () => {
      wait.abort();
      finish(null, o.signal.reason ?? new Error('aborted'));
    };
    const onHidden = () => {
      wait.abort();
      finish(null);
    };
    const hold = (waited: boolean) =>
      new Promise<void>((done) => {
        const holdTimer = o.timers.setTimer(() => release(), o.holdMs);
        let released = false;
        const release = () => {
          if (released) return;
          released = true;
          o.timers.clearTimer(holdTimer);
          o.signal.removeEventListener('abort', release);
          o.hidden.removeEventListener('abort', release);
          done();
        };
        o.signal.addEventListener('abort', release, { once: true });
        o.hidden.addEventListener('abort', release, { once: true });
        if (o.signal.aborted || o.hidden.aborted || !finish({ release, waited })) release();
      });
    if (o.signal.aborted) return onAbort();
    if (o.hidden.aborted) return onHidden();
    o.signal.addEventListener('abort', onAbort, { once: true });
    o.hidden.addEventListener('abort', onHidden, { once: true });
    const queue = () => {
      if (settled) return;
      timer = o.timers.setTimer(() => {
        wait.abort();
        finish(null);
      }, o.waitMs);
      locks
        .request(name, { signal: wait.signal }, () => hold(true))
        .catch(() => {
          // Withdrawn (timeout, hidden, sign-out): already settled above.
        });
    };
    locks
      .request(name, { ifAvailable: true }, (lock) => (lock ? hold(false) : queue()))
      .catch((e: unknown) => finish(null, e));
  });
}
