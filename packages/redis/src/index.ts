export type { KeyringInput } from './keyring.js';
export type {
  IoRedisLike,
  IoRedisSubscriberLike,
  NodeRedisLike,
  NodeRedisSubscriberLike,
  RedisClientLike,
} from './redisClient.js';
export { type RedisStore, type RedisStoreOptions, redisStore } from './redisStore.js';
