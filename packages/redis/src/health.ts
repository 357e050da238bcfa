import type { Logger } from '@web-identity/node';
import { RedisTimeoutError } from './deadline.js';

/** Whether Redis is answering; decides when the store even tries it. */
export interface RedisHealth {
  /** `false` for `retryMs` after a failure: requests then skip Redis entirely (memory and direct exchanges). */
  available(): boolean;
  ok(): void;
  failed(err: unknown): void;
  /** Calls `listener` when the next outage starts; returns its remover. */
  onDown(listener: (err: unknown) => void): () => void;
  readonly down: boolean;
}

/**
 * Failures that are ours or the deployment's, not Redis being down: a client the store cannot drive, a
 * programming error, a command the ACL refuses, keys in different hash slots. Redis answers them at once, so
 * they are logged loudly (`error`, once per code) and never turned into an outage.
 */
export function misuseCode(err: unknown): string | undefined {
  if (err instanceof TypeError || err instanceof ReferenceError || err instanceof SyntaxError)
    return err.name;
  const message = err instanceof Error ? err.message : '';
  // Redis' own codes, and Valkey GLIDE's names for them ("… - PermissionDenied: …").
  for (const [code, pattern] of MISUSE) if (pattern.test(message)) return code;
  return undefined;
}

const MISUSE: [string, RegExp][] = [
  ['NOPERM', /^NOPERM|PermissionDenied/],
  ['CROSSSLOT', /^CROSSSLOT|CrossSlot/],
  ['NOSCRIPT', /^NOSCRIPT|NoScript/],
  ['WRONGTYPE', /^WRONGTYPE|WrongType|ExtensionError: WRONGTYPE/],
  ['UnknownCommand', /^ERR unknown command|unknown command/i],
];

/**
 * An outage starts at a connection failure (refused, closed, authentication refused), or when Redis has
 * answered nothing for `stallMs` while calls were waiting. A slow answer under load is latency, not an outage:
 * the store then waits for the fleet lock's holder rather than exchanging. A misuse (above) is an `error` line,
 * never an outage. One warning per outage, one info line when Redis answers again; never the error's message (a
 * connection error may carry the URL and its password), only its name. After a failure Redis is left alone for
 * `retryMs`, then the next call probes it.
 *
 * @example
 * const health = redisHealth(() => log, 1_000, 10_000);
 * if (health.available()) try { await get(); health.ok(); } catch (err) { health.failed(err); }
 */
export function redisHealth(log: () => Logger, retryMs: number, stallMs: number): RedisHealth {
  let down = false;
  let retryAt = 0;
  let stalledSince: number | undefined;
  const misuses = new Set<string>();
  const downListeners = new Set<(err: unknown) => void>();

  function misuse(code: string): void {
    if (misuses.has(code)) return;
    misuses.add(code);
    log()({
      level: 'error',
      event: 'cache.redis_misuse',
      code,
      message: `Redis refused a command of the store (${code}): check the client, its ACL user and the store's options (README "Clients", "ACL"). Not an outage; requests are answered by direct exchanges meanwhile.`,
    });
  }

  return {
    get down() {
      return down;
    },
    available: () => !down || Date.now() >= retryAt,
    onDown(listener) {
      downListeners.add(listener);
      return () => void downListeners.delete(listener);
    },
    ok() {
      stalledSince = undefined;
      if (!down) return;
      down = false;
      log()({
        level: 'info',
        event: 'cache.redis_recovered',
        message: 'Redis answers again; sharing resumed.',
      });
    },
    failed(err) {
      const code = misuseCode(err);
      if (code) return misuse(code);
      if (!down && err instanceof RedisTimeoutError) {
        stalledSince ??= Date.now();
        if (Date.now() - stalledSince < stallMs) return;
      }
      retryAt = Date.now() + retryMs;
      if (down) return;
      down = true;
      for (const listener of [...downListeners]) listener(err);
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
