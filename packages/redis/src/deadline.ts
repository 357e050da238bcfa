/** A call Redis did not answer in time: latency, never an outage by itself (see `redisHealth`). */
export class RedisTimeoutError extends Error {
  override name = 'TimeoutError';
}

/** A timer later than this was held up by this process, not by Redis. */
const LATE_MS = 5;

/**
 * Rejects with a `RedisTimeoutError` when Redis has had `ms` to answer, counting only time this process could
 * have read the answer: a timer that fires late (the event loop was busy, e.g. under a burst of requests) is
 * armed again for the time it was held up, at most until `10 × ms` in all, and the rejection then waits one
 * `setImmediate` so a reply already in the socket is read first. `stop` ends the wait at once (Redis is down).
 *
 * @example
 * const value = await deadline(client.sendCommand(['GET', name]), 100);
 */
export function deadline<T>(
  promise: Promise<T>,
  ms: number,
  stop?: (reject: (err: unknown) => void) => () => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const limit = performance.now() + ms * 10;
    let due = performance.now() + ms;
    const end = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      unstop?.();
      fn();
    };
    const fire = () => {
      const now = performance.now();
      const late = now - due;
      if (late > LATE_MS && now < limit) {
        due = now + late;
        timer = setTimeout(fire, late);
        timer.unref?.();
        return;
      }
      setImmediate(() => end(() => reject(new RedisTimeoutError(`no answer from Redis within ${ms} ms`))));
    };
    timer = setTimeout(fire, ms);
    timer.unref?.();
    const unstop = stop?.((err) => end(() => reject(err)));
    promise.then(
      (value) => end(() => resolve(value)),
      (err) => end(() => reject(err)),
    );
  });
}
