// Type tests (checked by `tsc --noEmit`): both clients fit the structural interface, and the store fits node's
// `cache` option.

import type { GlideClient, GlideClusterClient } from '@valkey/valkey-glide';
import type { CredentialsBrokerOptions, CredentialsStore } from '@web-identity/node';
import type { Cluster, Redis } from 'ioredis';
import type { Valkey, Cluster as ValkeyCluster } from 'iovalkey';
import type { createClient, createCluster } from 'redis';
import { expectTypeOf } from 'vitest';
import { type RedisClientLike, type RedisStore, redisStore } from '../src/index.js';

declare const nodeRedis: Awaited<ReturnType<ReturnType<typeof createClient>['connect']>>;
declare const ioredis: Redis;
declare const nodeRedisCluster: Awaited<ReturnType<ReturnType<typeof createCluster>['connect']>>;
declare const ioredisCluster: Cluster;
declare const iovalkey: Valkey;
declare const iovalkeyCluster: ValkeyCluster;
declare const glide: GlideClient;
declare const glideCluster: GlideClusterClient;

// Every supported client, one server or cluster, fits the structural interface as the user holds it.
expectTypeOf(nodeRedis).toMatchTypeOf<RedisClientLike>();
expectTypeOf(ioredis).toMatchTypeOf<RedisClientLike>();
expectTypeOf(nodeRedisCluster).toMatchTypeOf<RedisClientLike>();
expectTypeOf(ioredisCluster).toMatchTypeOf<RedisClientLike>();
expectTypeOf(iovalkey).toMatchTypeOf<RedisClientLike>();
expectTypeOf(iovalkeyCluster).toMatchTypeOf<RedisClientLike>();
expectTypeOf(glide).toMatchTypeOf<RedisClientLike>();
expectTypeOf(glideCluster).toMatchTypeOf<RedisClientLike>();
declare const glideSubscriber: GlideClusterClient;
redisStore({ client: glideCluster, subscriber: glideSubscriber, keys: 'k1:…' });
expectTypeOf(redisStore({ client: nodeRedis, keys: 'k1:…' })).toEqualTypeOf<RedisStore>();
expectTypeOf<RedisStore>().toMatchTypeOf<CredentialsStore>();
expectTypeOf<RedisStore>().toMatchTypeOf<NonNullable<CredentialsBrokerOptions['cache']>>();
expectTypeOf(redisStore).parameter(0).toHaveProperty('keys');
redisStore({ client: ioredis, keys: process.env.CACHE_KEYS }); // the README's form: unset is a runtime error
// @ts-expect-error a plain object is not a Redis client
redisStore({ client: {}, keys: 'k1:…' });
// @ts-expect-error keys are required: nothing goes to Redis unencrypted
redisStore({ client: ioredis });
