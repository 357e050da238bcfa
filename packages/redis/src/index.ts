/**
 * A Redis (or Valkey) credentials store for `@web-identity/node`: one encrypted cache and one exchange per user across a fleet.
 *
 * @packageDocumentation
 * @module @web-identity/redis
 */
export type { KeyringInput } from './keyring.js';
export type {
  ErrorEvents,
  GlideClientLike,
  GlideClusterClientLike,
  IoRedisLike,
  IoRedisSubscriberLike,
  NodeRedisClusterLike,
  NodeRedisLike,
  NodeRedisSubscriberLike,
  PubSubMode,
  RedisClientLike,
} from './redisClient.js';
export { type RedisStore, type RedisStoreOptions, redisStore } from './redisStore.js';
