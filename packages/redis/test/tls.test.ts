// The store over TLS (server certificate verified against the test CA) with an ACL user that may run only the
// store's commands on its own keys and channels: every client passes the store's contract; the user can do
// nothing else; a client that does not trust the CA cannot connect.
import { type LocalRedis, startLocalRedis } from '@web-identity/testing';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeContract } from './contract.js';
import { CLIENT_KINDS, connect, storeAcl, type Target } from './helpers.js';

let redis: LocalRedis;
beforeAll(async () => {
  // The contract's prefixes are `t-<client>:`, so the user's pattern is `t-*`.
  redis = await startLocalRedis({ tls: true, users: [storeAcl('store', 'store-pw', 't-')] });
});
afterAll(async () => {
  await redis?.close();
});
const target = (): Target => ({ redis, user: { name: 'store', password: 'store-pw' } });

for (const kind of CLIENT_KINDS) storeContract(kind, `${kind} (TLS, ACL user)`, target);

describe('TLS and the ACL user', () => {
  it('the ACL user cannot read other keys, list keys, flush, or use other channels', async () => {
    const { client, close } = await connect('node-redis', target());
    const send = (args: string[]) =>
      (client as { sendCommand(a: string[]): Promise<unknown> }).sendCommand(args);
    try {
      expect(await send(['SET', 't-x:ok', '1'])).toBe('OK');
      for (const args of [
        ['GET', 'other:key'],
        ['KEYS', '*'],
        ['FLUSHALL'],
        ['PUBLISH', 'other-channel', '1'],
        ['CONFIG', 'GET', '*'],
        ['EVAL', "return redis.call('get', KEYS[1])", '1', 'other:key'],
      ])
        await expect(send(args), args.join(' ')).rejects.toThrow(/NOPERM/);
    } finally {
      await close();
    }
  });

  it('a client that does not trust the test CA cannot connect (certificate verification is on)', async () => {
    const client = createClient({
      url: redis.url,
      username: 'store',
      password: 'store-pw',
      socket: { tls: true, reconnectStrategy: false },
    });
    client.on('error', () => {});
    await expect(client.connect()).rejects.toThrow(/self[- ]signed|certificate/i);
  });
});
