/**
 * A Redis (or Valkey) credentials store for `@web-identity/node`: one encrypted cache and one exchange per user across a fleet.
 *
 * @packageDocumentation
 * @module @web-identity/redis
 */

export {
  elastiCacheIamAuth,
  elastiCacheIamToken,
  IAM_CONNECTION_LIMIT_MS,
  IAM_TOKEN_TTL_MS,
  type IamAuth,
  type IamAuthOptions,
  type IamTokenPlan,
  type IoRedisAuthLike,
  iamTokenPlan,
  type StreamingCredentialsProviderLike,
} from './iamAuth.js';
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
