import type { Logger } from '@web-identity/node';
import { RedisTimeoutError } from './redisClient.js';

/** Slow answers in a row that make an outage; any other failure (connection lost, refused) is one at once. */
const SLOW_IN_A_ROW = 3;

/** Whether Redis is answering; decides when the store even tries it. */
export interface RedisHealth {
  /** `false` for `retryMs` after a failure: requests then skip Redis entirely (memory and direct exchanges). */
  available(): boolean;
  ok(): void;
  failed(err: unknown): void;
  readonly down: boolean;
}

/**
 * An outage starts at a connection failure, or at the third timeout in a row (one slow answer under load is
 * a miss for that call, not a reason to stop sharing for every request). One warning per outage, one info line when Redis answers again; never the error's message (a connection
 * error may carry the URL and its password), only its name. After a failure Redis is left alone for `retryMs`,
 * then the next call probes it.
 *
 * @example
 * const health = redisHealth(() => log, 1_000);
 * if (health.available()) try { await get(); health.ok(); } catch (err) { health.failed(err); }
 */
export function redisHealth(log: () => Logger, retryMs: number): RedisHealth {
  let down = false;
  let retryAt = 0;
  let slow = 0;
  return {
    get down() {
      return down;
    },
    available: () => !down || Date.now() >= retryAt,
    ok() {
      slow = 0;
      if (!down) return;
      down = false;
      log()({
        level: 'info',
        event: 'cache.redis_recovered',
        message: 'Redis answers again; sharing resumed.',
      });
    },
    failed(err) {
      if (!down && err instanceof RedisTimeoutError && ++slow < SLOW_IN_A_ROW) return;
      retryAt = Date.now() + retryMs;
      if (down) return;
      down = true;
      const name = err instanceof Error ? err.name : 'Error';
      log()({
        level: 'warn',
        event: 'cache.redis_unavailable',
        code: name,
        message: `Redis did not answer (${name}): serving from process memory and direct exchanges until it does.`,
      });
    },
  };
}
