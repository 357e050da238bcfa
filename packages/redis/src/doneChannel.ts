import type { RedisCommands } from './redisClient.js';

/** Wakes the waiters of this process when any instance finishes an identity's exchange. */
export interface DoneChannel {
  /**
   * Resolves `true` when `id` is announced, `false` after `ms`. Registers at once (before the caller re-reads
   * the entry), so an announcement between that read and the wait is not lost.
   */
  wait(id: string, ms: number): { done: Promise<boolean>; cancel(): void };
  announce(id: string): Promise<unknown>;
  close(): void;
}

/**
 * One channel per store (`<prefix>done`), subscribed once on a duplicated connection when the first waiter
 * appears; each message is an identity's HMAC name, so a waiter wakes only for its own identity. Without the
 * subscription (Redis down, subscribe refused) waiters fall back to polling; it is tried again later.
 *
 * @example
 * const { done, cancel } = channel.wait(names.id, 250); // then re-read, then await done
 */
export function doneChannel(
  redis: RedisCommands,
  channel: string,
  opts: { timeoutMs: number; retryMs: number },
): DoneChannel {
  const waiters = new Map<string, Set<() => void>>();
  let closer: (() => void) | undefined;
  let subscribing: Promise<void> | undefined;
  let retryAt = 0;
  let closed = false;

  function onMessage(id: string): void {
    const set = waiters.get(id);
    if (!set) return;
    waiters.delete(id);
    for (const wake of set) wake();
  }

  function ensureSubscribed(): void {
    if (closer || subscribing || closed || Date.now() < retryAt) return;
    subscribing = redis
      .subscribe(channel, onMessage)
      .then((close) => {
        if (closed) close();
        else closer = close;
      })
      .catch(() => {
        retryAt = Date.now() + opts.retryMs; // poll meanwhile
      })
      .finally(() => {
        subscribing = undefined;
      });
  }

  return {
    wait(id, ms) {
      ensureSubscribed();
      let wake!: () => void;
      let timer: NodeJS.Timeout | undefined;
      const remove = () => {
        clearTimeout(timer);
        const s = waiters.get(id);
        s?.delete(wake);
        if (s?.size === 0) waiters.delete(id);
      };
      const done = new Promise<boolean>((resolve) => {
        wake = () => {
          clearTimeout(timer);
          resolve(true);
        };
        timer = setTimeout(() => {
          remove();
          resolve(false);
        }, ms);
        timer.unref?.();
      });
      let set = waiters.get(id);
      if (!set) {
        set = new Set();
        waiters.set(id, set);
      }
      set.add(wake);
      return { done, cancel: remove };
    },
    announce: (id) => redis.run(['PUBLISH', channel, id], opts.timeoutMs),
    close() {
      closed = true;
      closer?.();
      closer = undefined;
    },
  };
}
