/**
 * The little of a Redis client this package uses, so node-redis (v6, the default) and ioredis (v6) both fit
 * without either being a dependency. Commands go through each client's raw-command method.
 */
type ErrorListener = (err: Error) => void;

/** A node-redis client (`createClient()` from `redis`, connected). */
export interface NodeRedisLike {
  /** Sends a raw command. */
  sendCommand(args: string[], options?: { timeout?: number }): Promise<unknown>;
  /** A second connection, for the subscription. */
  duplicate(): NodeRedisSubscriberLike;
  /** Called on a connection error. */
  on(event: 'error', listener: ErrorListener): unknown;
}

/** What a duplicated node-redis connection must offer to carry the "done" subscription. */
export interface NodeRedisSubscriberLike {
  /** Opens the connection. */
  connect(): Promise<unknown>;
  /** Subscribes to `channel`. */
  subscribe(channel: string, listener: (message: string, channel: string) => void): Promise<unknown>;
  /** Called on a connection error. */
  on(event: 'error', listener: ErrorListener): unknown;
  /** Closes the connection. */
  destroy(): unknown;
}

/** An ioredis client (`new Redis(url)`). */
export interface IoRedisLike {
  /** Sends a raw command. */
  call(command: string, ...args: string[]): Promise<unknown>;
  /** A second connection, for the subscription. */
  duplicate(): IoRedisSubscriberLike;
  /** Called on a connection error. */
  on(event: 'error', listener: ErrorListener): unknown;
}

/** What a duplicated ioredis connection must offer to carry the "done" subscription. */
export interface IoRedisSubscriberLike {
  /** Subscribes to `channel`. */
  subscribe(channel: string): Promise<unknown>;
  /** Called for each message on a subscribed channel. */
  on(event: 'message', listener: (channel: string, message: string) => void): unknown;
  /** Called on a connection error. */
  on(event: 'error', listener: ErrorListener): unknown;
  /** Closes the connection. */
  disconnect(): unknown;
}

/** A node-redis or an ioredis client. */
export type RedisClientLike = NodeRedisLike | IoRedisLike;

/** Raw commands with a deadline, and one subscription; what the store needs from either client. */
export interface RedisCommands {
  /** Rejects with a `TimeoutError` after `timeoutMs`, whatever the client's own settings. */
  run(args: string[], timeoutMs: number): Promise<unknown>;
  /** Subscribes a duplicated connection to `channel`; resolves with its closer. */
  subscribe(channel: string, onMessage: (message: string) => void): Promise<() => void>;
}

/** A call Redis did not answer in time: one slow answer, not yet an outage (see `redisHealth`). */
export class RedisTimeoutError extends Error {
  override name = 'TimeoutError';
}

/**
 * Rejects after `ms`. The rejection waits one `setImmediate` after the timer: a reply that reached the socket
 * while this process was busy (the timer then fires late) is read first, so a busy event loop is not taken for
 * a slow Redis.
 */
function deadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      setImmediate(() => reject(new RedisTimeoutError(`no answer from Redis within ${ms} ms`)));
    }, ms);
    timer.unref?.();
  });
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}

const isIoRedis = (client: RedisClientLike): client is IoRedisLike =>
  typeof (client as IoRedisLike).call === 'function';

/**
 * Wraps either client. An `error` listener is added to the client (and to the duplicated subscriber): node-redis
 * throws an `error` event nobody listens to, and a Redis outage must never bring the process down.
 *
 * @example
 * const redis = redisCommands(await createClient({ url }).connect(), () => health.failed());
 * await redis.run(['GET', name], 100);
 */
export function redisCommands(client: RedisClientLike, onError: (err: unknown) => void): RedisCommands {
  client.on('error', onError);
  if (isIoRedis(client)) {
    return {
      run: (args, ms) => deadline(client.call(args[0]!, ...args.slice(1)), ms),
      async subscribe(channel, onMessage) {
        const sub = client.duplicate();
        sub.on('error', onError);
        sub.on('message', (ch: string, message: string) => {
          if (ch === channel) onMessage(message);
        });
        try {
          await sub.subscribe(channel);
        } catch (err) {
          sub.disconnect();
          throw err;
        }
        return () => void sub.disconnect();
      },
    };
  }
  return {
    // node-redis' own `timeout` drops a command still queued while the connection is down (never sent later).
    run: (args, ms) => deadline(client.sendCommand(args, { timeout: ms }), ms),
    async subscribe(channel, onMessage) {
      const sub = client.duplicate();
      sub.on('error', onError);
      try {
        await sub.connect();
        await sub.subscribe(channel, (message) => onMessage(message));
      } catch (err) {
        sub.destroy();
        throw err;
      }
      return () => void sub.destroy();
    },
  };
}
