// The read deadline measures Redis, not this process: a reply that arrived while the event loop was busy is
// used even though the timer fired late; a reply that never comes still times out; `stop` ends a wait at once.
import { describe, expect, it } from 'vitest';
import { deadline, RedisTimeoutError } from '../src/deadline.js';

/** Keeps the event loop busy (as a burst of requests does) for `ms`. */
function busy(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // spin
  }
}

describe('deadline', () => {
  it('time the event loop was busy does not count: a reply 30 ms after a 300 ms block meets a 50 ms deadline', async () => {
    let answer!: (v: string) => void;
    const reply = new Promise<string>((resolve) => {
      answer = resolve;
    });
    const out = deadline(reply, 50);
    setTimeout(() => {
      busy(300); // past the deadline: the timer fires 260 ms late
      setTimeout(() => answer('OK'), 30);
    }, 10);
    await expect(out).resolves.toBe('OK');
  });

  it('without a reply it rejects with a RedisTimeoutError', async () => {
    await expect(deadline(new Promise(() => {}), 20)).rejects.toBeInstanceOf(RedisTimeoutError);
  });

  it('stop ends the wait with its error, and is unregistered when the call settles', async () => {
    let stopper: ((err: unknown) => void) | undefined;
    let removed = 0;
    const stop = (reject: (err: unknown) => void) => {
      stopper = reject;
      return () => void removed++;
    };
    const waiting = deadline(new Promise(() => {}), 60_000, stop);
    stopper!(new Error('ECONNREFUSED'));
    await expect(waiting).rejects.toThrow('ECONNREFUSED');
    expect(removed).toBe(1);
    await expect(deadline(Promise.resolve(1), 60_000, stop)).resolves.toBe(1);
    expect(removed).toBe(2);
  });
});
