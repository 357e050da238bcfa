/**
 * The little of a Redis client this package uses, so node-redis (v6, the default), ioredis / iovalkey and Valkey
 * GLIDE, each standalone or cluster, fit without any of them being a dependency. Commands go through each
 * client's raw-command method; `clients.ts` adapts each family to `RedisCommands`.
 */
import { CredentialsError } from '@web-identity/node';
import { glideCommands, ioredisCommands, nodeRedisCommands } from './clients.js';

type ErrorListener = (err: Error) => void;

/** A listener the store adds to your client, and removes on `close()`. */
export interface ErrorEvents {
  /** Called on a connection error. */
  on(event: 'error', listener: ErrorListener): unknown;
  /** Removes the store's listener on `close()`. */
  off(event: 'error', listener: ErrorListener): unknown;
}

/** A node-redis client (`createClient()` from `redis`, connected). */
export interface NodeRedisLike extends ErrorEvents {
  /** Sends a raw command. */
  sendCommand(args: string[], options?: { timeout?: number }): Promise<unknown>;
  /** A second connection, for the subscription. */
  duplicate(): NodeRedisSubscriberLike;
}

/** A node-redis cluster (`createCluster()` from `redis`, connected). */
export interface NodeRedisClusterLike extends ErrorEvents {
  /** Sends a raw command to the node that owns `firstKey`'s slot. */
  sendCommand(
    firstKey: string | undefined,
    isReadonly: boolean | undefined,
    args: string[],
    options?: { timeout?: number },
  ): Promise<unknown>;
  /** The cluster's masters (how the store tells a cluster from a client). */
  readonly masters: readonly unknown[];
  /** A second cluster connection, for the subscription. */
  duplicate(): NodeRedisSubscriberLike;
}

/** What a duplicated node-redis connection (client or cluster) must offer to carry the "done" subscriptions. */
export interface NodeRedisSubscriberLike {
  /** Opens the connection. */
  connect(): Promise<unknown>;
  /** Subscribes to `channel` (classic pub/sub). */
  subscribe(channel: string, listener: (message: string, channel: string) => void): Promise<unknown>;
  /** Unsubscribes from `channel` (classic pub/sub). */
  unsubscribe(channel: string): Promise<unknown>;
  /** Subscribes to `channel` (sharded pub/sub, Redis ≥ 7). */
  sSubscribe(channel: string, listener: (message: string, channel: string) => void): Promise<unknown>;
  /** Unsubscribes from `channel` (sharded pub/sub). */
  sUnsubscribe(channel: string): Promise<unknown>;
  /** Called on a connection error. */
  on(event: 'error', listener: ErrorListener): unknown;
  /** Closes the connection. */
  destroy(): unknown;
}

/** An ioredis or iovalkey client (`new Redis(url)`) or cluster (`new Cluster(nodes)`). */
export interface IoRedisLike extends ErrorEvents {
  /** Sends a raw command (a cluster routes it by its key). */
  call(command: string, ...args: string[]): Promise<unknown>;
  /** A second connection, for the subscription. */
  duplicate(): IoRedisSubscriberLike;
}

/** What a duplicated ioredis connection must offer to carry the "done" subscriptions. */
export interface IoRedisSubscriberLike {
  /** Subscribes to `channel` (classic pub/sub). */
  subscribe(channel: string): Promise<unknown>;
  /** Unsubscribes from `channel` (classic pub/sub). */
  unsubscribe(channel: string): Promise<unknown>;
  /** Subscribes to `channel` (sharded pub/sub). */
  ssubscribe(channel: string): Promise<unknown>;
  /** Unsubscribes from `channel` (sharded pub/sub). */
  sunsubscribe(channel: string): Promise<unknown>;
  /** Called for each message on a subscribed channel (`smessage` for sharded pub/sub). */
  on(event: 'message' | 'smessage', listener: (channel: string, message: string) => void): unknown;
  /** Called on a connection error. */
  on(event: 'error', listener: ErrorListener): unknown;
  /** Closes the connection. */
  disconnect(): unknown;
}

/** A Valkey GLIDE client (`GlideClient` or `GlideClusterClient` from `@valkey/valkey-glide`). */
export interface GlideClientLike {
  /** Sends a raw command (a cluster client routes it by its key). */
  customCommand(args: string[]): Promise<unknown>;
  /** Subscribes this client to channels (GLIDE ≥ 2.1 subscribes at run time). */
  subscribe(channels: Iterable<string>, timeoutMs: number): Promise<unknown>;
  /** Unsubscribes this client from channels. */
  unsubscribe(channels: Iterable<string> | null, timeoutMs: number): Promise<unknown>;
  /** The next message of this client's subscriptions (when no pub/sub callback was configured). */
  getPubSubMessage(): Promise<{ channel: unknown; message: unknown }>;
}

/** A Valkey GLIDE cluster client: sharded pub/sub. */
export interface GlideClusterClientLike extends GlideClientLike {
  /** Subscribes this client to sharded channels. */
  ssubscribe(channels: Iterable<string>, timeoutMs: number): Promise<unknown>;
  /** Unsubscribes this client from sharded channels. */
  sunsubscribe(channels: Iterable<string> | null, timeoutMs: number): Promise<unknown>;
}

/** Any client the store can drive. */
export type RedisClientLike = NodeRedisLike | NodeRedisClusterLike | IoRedisLike | GlideClientLike;

/** How waiters are woken: sharded pub/sub (`SSUBSCRIBE`/`SPUBLISH`, Redis ≥ 7) or classic. */
export type PubSubMode = 'sharded' | 'classic';

/** The store's "done" subscriptions on one connection. */
export interface Subscriber {
  add(channel: string): Promise<unknown>;
  remove(channel: string): Promise<unknown>;
  close(): void;
}

/** What the store needs from any client. */
export interface RedisCommands {
  /** The client's family and topology, for logs and tests. */
  readonly kind: string;
  readonly cluster: boolean;
  readonly pubsub: PubSubMode;
  /** Sends one command; `timeoutMs` is the client's own bound (the store's deadline is separate). */
  send(args: string[], timeoutMs: number): Promise<unknown>;
  /** Opens the store's subscriber; every message of its channels goes to `onMessage`. */
  subscriber(onMessage: (channel: string) => void): Promise<Subscriber>;
  /** Removes the store's listeners from your client. */
  detach(): void;
}

const has = (client: object, method: string) =>
  typeof (client as Record<string, unknown>)[method] === 'function';

/**
 * Wraps any supported client, or throws a `Configuration` error saying what fits: a client the store cannot
 * drive must fail at start, never look like a Redis outage. An `error` listener is added to event-emitting
 * clients (and to the duplicated subscriber): node-redis throws an `error` event nobody listens to, and a Redis
 * outage must never bring the process down; `detach()` removes it.
 *
 * @example
 * const redis = redisCommands(await createClient({ url }).connect(), (err) => health.failed(err));
 * await redis.send(['GET', name], 10_000);
 */
export function redisCommands(
  client: RedisClientLike,
  onError: (err: unknown) => void,
  options: { pubsub?: PubSubMode | undefined; subscriber?: GlideClientLike | undefined } = {},
): RedisCommands {
  const { pubsub, subscriber } = options;
  if (subscriber && !(has(subscriber, 'customCommand') && has(client as object, 'customCommand')))
    throw new CredentialsError(
      'Configuration',
      'redisStore: subscriber is for Valkey GLIDE clients only (the others duplicate their own).',
    );
  if (client && typeof client === 'object') {
    if (has(client, 'customCommand') && has(client, 'getPubSubMessage'))
      return glideCommands(client as GlideClientLike, pubsub, subscriber);
    if (has(client, 'call') && has(client, 'duplicate') && has(client, 'on') && has(client, 'off'))
      return ioredisCommands(client as IoRedisLike, onError, pubsub);
    if (has(client, 'sendCommand') && has(client, 'duplicate') && has(client, 'on') && has(client, 'off'))
      return nodeRedisCommands(client as NodeRedisLike | NodeRedisClusterLike, onError, pubsub);
  }
  throw new CredentialsError(
    'Configuration',
    'redisStore: client must be a connected node-redis client or cluster (createClient / createCluster from `redis`), an ioredis or iovalkey client or Cluster, or a Valkey GLIDE client (README "Clients").',
  );
}
