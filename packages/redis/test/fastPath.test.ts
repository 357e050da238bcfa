// The hot path with a Redis store: a user in the store's memory layer is answered synchronously by the
// broker's `peek` (no promise, no Redis call), exactly as with memoryCache(); real tokens from the kit's IdP.
import { createCredentialsBroker } from '@web-identity/node';
import { type LocalIdp, type LocalRedis, startLocalIdp, startLocalRedis } from '@web-identity/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisStore } from '../src/redisStore.js';
import { connect, fakeSource, newKeys, type TestClient } from './helpers.js';

let idp: LocalIdp;
let redis: LocalRedis;
let client: TestClient;
beforeAll(async () => {
  redis = await startLocalRedis();
  idp = await startLocalIdp();
  client = await connect('node-redis', { redis });
});
afterAll(async () => {
  await client?.close();
  await idp?.close();
  await redis?.close();
});

describe('the synchronous fast path over a Redis store', () => {
  it('answers a cached user from the memory layer, with Redis gone too', async () => {
    const fake = fakeSource();
    const store = redisStore({ client: client.client, keys: newKeys(), prefix: 'fast:' });
    const broker = createCredentialsBroker({
      region: 'eu-west-1',
      source: fake.source,
      verify: { issuer: idp.issuer, audience: 'web-identity-demo' },
      cache: store,
    });
    const req = { headers: { authorization: `Bearer ${await idp.issueIdToken({ sub: 'fast-alice' })}` } };
    expect(broker.peek?.(req)).toBeUndefined(); // never seen
    const full = await broker.forRequest(req);
    await redis.kill();
    const fast = broker.peek?.(req);
    expect(fast?.identity.subject).toBe('fast-alice');
    expect(fast?.credentials.accessKeyId).toBe(full?.credentials.accessKeyId);
    expect(fake.calls).toHaveLength(1);
    store.close();
    await redis.restart();
  });
});
