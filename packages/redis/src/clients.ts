import { CredentialsError } from '@web-identity/node';
import type {
  GlideClientLike,
  GlideClusterClientLike,
  IoRedisLike,
  NodeRedisClusterLike,
  NodeRedisLike,
  PubSubMode,
  RedisCommands,
  Subscriber,
} from './redisClient.js';

/** The key a cluster routes a command by: `EVAL script numkeys key …` names it fourth, the others second. */
export function firstKey(args: string[]): string | undefined {
  const command = args[0]?.toUpperCase();
  return command === 'EVAL' || command === 'EVALSHA' ? args[3] : args[1];
}

const configuration = (message: string) => new CredentialsError('Configuration', `redisStore: ${message}`);

type Listener = (err: Error) => void;
type Emitter = { on(event: string, l: Listener): unknown; off(event: string, l: Listener): unknown };

/**
 * Adds `onError` for `events` (a cluster's per-node error event too: a dead master is an outage of its slots,
 * so waits on it end at once); returns the remover.
 */
function listen(client: object, events: string[], onError: (err: unknown) => void): () => void {
  const emitter = client as Emitter;
  for (const event of events) emitter.on(event, onError);
  return () => {
    for (const event of events) emitter.off(event, onError);
  };
}

/**
 * node-redis v6: `sendCommand(args)` on a client, `sendCommand(firstKey, isReadonly, args)` on a cluster (which
 * routes by slot and follows MOVED/ASK). The subscriber is a `duplicate()` of either; a cluster's `sSubscribe`
 * goes to the shard that owns the channel's slot.
 *
 * @example
 * const redis = nodeRedisCommands(await createCluster({ rootNodes }).connect(), onError);
 */
export function nodeRedisCommands(
  client: NodeRedisLike | NodeRedisClusterLike,
  onError: (err: unknown) => void,
  pubsub?: PubSubMode,
): RedisCommands {
  const cluster = 'masters' in client;
  const mode = pubsub ?? (cluster ? 'sharded' : 'classic');
  const detach = listen(client, cluster ? ['error', 'node-error'] : ['error'], onError);
  return {
    kind: cluster ? 'node-redis cluster' : 'node-redis',
    cluster,
    pubsub: mode,
    send: cluster
      ? (args, ms) =>
          (client as NodeRedisClusterLike).sendCommand(firstKey(args), false, args, { timeout: ms })
      : (args, ms) => (client as NodeRedisLike).sendCommand(args, { timeout: ms }),
    async subscriber(onMessage) {
      const sub = client.duplicate();
      sub.on('error', onError);
      try {
        await sub.connect();
      } catch (err) {
        sub.destroy();
        throw err;
      }
      const listener = (_message: string, channel: string) => onMessage(channel);
      return {
        add: (ch) => (mode === 'sharded' ? sub.sSubscribe(ch, listener) : sub.subscribe(ch, listener)),
        remove: (ch) => (mode === 'sharded' ? sub.sUnsubscribe(ch) : sub.unsubscribe(ch)),
        close: () => void sub.destroy(),
      };
    },
    detach,
  };
}

/**
 * ioredis and iovalkey (the same API): `call()` on a client or a `Cluster` (routed by key, MOVED/ASK followed).
 * Sharded pub/sub on a `Cluster` needs its `shardedSubscribers: true` option: without it the store refuses to
 * start rather than never hear a message.
 *
 * @example
 * const redis = ioredisCommands(new Cluster(nodes, { shardedSubscribers: true }), onError);
 */
export function ioredisCommands(
  client: IoRedisLike,
  onError: (err: unknown) => void,
  pubsub?: PubSubMode,
): RedisCommands {
  const cluster = (client as { isCluster?: boolean }).isCluster === true;
  const mode = pubsub ?? (cluster ? 'sharded' : 'classic');
  const options = (client as { options?: { shardedSubscribers?: boolean } }).options;
  if (cluster && mode === 'sharded' && !options?.shardedSubscribers)
    throw configuration(
      "an ioredis / iovalkey Cluster needs `shardedSubscribers: true` for sharded pub/sub (or pass pubsub: 'classic' to every instance).",
    );
  const detach = listen(client, cluster ? ['error', 'node error'] : ['error'], onError);
  return {
    kind: cluster ? 'ioredis cluster' : 'ioredis',
    cluster,
    pubsub: mode,
    send: (args) => client.call(args[0]!, ...args.slice(1)),
    async subscriber(onMessage) {
      const sub = client.duplicate();
      sub.on('error', onError);
      sub.on(mode === 'sharded' ? 'smessage' : 'message', (channel: string) => onMessage(channel));
      return {
        add: (ch) => (mode === 'sharded' ? sub.ssubscribe(ch) : sub.subscribe(ch)),
        remove: (ch) => (mode === 'sharded' ? sub.sunsubscribe(ch) : sub.unsubscribe(ch)),
        close: () => void sub.disconnect(),
      };
    },
    detach,
  };
}

/** How long a GLIDE (un)subscription may take to be confirmed. */
const GLIDE_SUBSCRIBE_MS = 5_000;

/**
 * Valkey GLIDE: `customCommand()` (a cluster client routes it by key). GLIDE has no `duplicate()`, and a GLIDE
 * client that subscribes at run time while it also runs commands can hand a command the reply of a subscription
 * (seen with 2.5.2: a `GET` answered `{ kind: 'Subscribe', … }`), so the store never subscribes your command
 * client: pass a second GLIDE client as `subscriber` (no pub/sub `callback` configured; the store reads it with
 * `getPubSubMessage()`). Without one, waiters poll. GLIDE reports failures as rejected commands, not events.
 *
 * @example
 * const redis = glideCommands(await GlideClusterClient.createClient({ addresses }), undefined, subscriberClient);
 */
export function glideCommands(
  client: GlideClientLike,
  pubsub?: PubSubMode,
  subscriber?: GlideClientLike,
): RedisCommands {
  const cluster = typeof (client as GlideClusterClientLike).ssubscribe === 'function';
  const mode = pubsub ?? (cluster ? 'sharded' : 'classic');
  if (mode === 'sharded' && !cluster) throw configuration('sharded pub/sub needs a GlideClusterClient.');
  if (subscriber === client)
    throw configuration('subscriber must be a second GLIDE client, not the one that runs commands.');
  return {
    kind: cluster ? 'glide cluster' : 'glide',
    cluster,
    pubsub: mode,
    send: (args) => client.customCommand(args),
    subscriber: async (onMessage) => {
      if (!subscriber) throw new Error('no GLIDE subscriber client: waiters poll');
      return glideSubscriber(subscriber as GlideClusterClientLike, mode, onMessage);
    },
    detach() {},
  };
}

function glideSubscriber(
  c: GlideClusterClientLike,
  mode: PubSubMode,
  onMessage: (channel: string) => void,
): Subscriber {
  const channels = new Set<string>();
  let open = true;
  void (async () => {
    while (open) {
      const message = await c.getPubSubMessage().catch(() => undefined);
      if (!message) return; // the client was closed
      if (open) onMessage(String(message.channel));
    }
  })();
  const sub = (ch: string) =>
    (mode === 'sharded' ? c.ssubscribe : c.subscribe).call(c, [ch], GLIDE_SUBSCRIBE_MS);
  const unsub = (chs: string[]) =>
    (mode === 'sharded' ? c.sunsubscribe : c.unsubscribe).call(c, chs, GLIDE_SUBSCRIBE_MS);
  return {
    add(ch) {
      channels.add(ch);
      return sub(ch);
    },
    remove(ch) {
      channels.delete(ch);
      return unsub([ch]);
    },
    close() {
      open = false;
      if (channels.size) void unsub([...channels]).catch(() => {});
      channels.clear();
    },
  };
}
