// Type tests (checked by `tsc --noEmit`): both clients fit the structural interface, and the store fits node's
// `cache` option.
import type { CredentialsBrokerOptions, CredentialsStore } from '@web-identity/node';
import type { Redis } from 'ioredis';
import type { createClient } from 'redis';
import { expectTypeOf } from 'vitest';
import { type RedisClientLike, type RedisStore, redisStore } from '../src/index.js';

declare const nodeRedis: Awaited<ReturnType<ReturnType<typeof createClient>['connect']>>;
declare const ioredis: Redis;

expectTypeOf(nodeRedis).toMatchTypeOf<RedisClientLike>();
expectTypeOf(ioredis).toMatchTypeOf<RedisClientLike>();
expectTypeOf(redisStore({ client: nodeRedis, keys: 'k1:…' })).toEqualTypeOf<RedisStore>();
expectTypeOf<RedisStore>().toMatchTypeOf<CredentialsStore>();
expectTypeOf<RedisStore>().toMatchTypeOf<NonNullable<CredentialsBrokerOptions['cache']>>();
expectTypeOf(redisStore).parameter(0).toHaveProperty('keys');
redisStore({ client: ioredis, keys: process.env.CACHE_KEYS }); // the README's form: unset is a runtime error
// @ts-expect-error a plain object is not a Redis client
redisStore({ client: {}, keys: 'k1:…' });
// @ts-expect-error keys are required: nothing goes to Redis unencrypted
redisStore({ client: ioredis });
