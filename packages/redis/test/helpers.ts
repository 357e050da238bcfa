// Shared by the store tests: both Redis clients, a fake source whose exchanges can be held, a fake extractor.
import { randomBytes } from 'node:crypto';
import type { CredentialsSource, ExchangeResult, LogEvent, TokenExtractor } from '@web-identity/node';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import type { RedisClientLike } from '../src/redisClient.js';

export type ClientKind = 'node-redis' | 'ioredis';

export interface TestClient {
  client: RedisClientLike;
  ready(): boolean;
  close(): Promise<void>;
}

export async function connect(kind: ClientKind, url: string): Promise<TestClient> {
  if (kind === 'ioredis') {
    const client = new Redis(url, { maxRetriesPerRequest: 1, retryStrategy: () => 50 });
    client.on('error', () => {});
    await new Promise<void>((resolve, reject) => {
      client.once('ready', resolve);
      client.once('error', reject);
    });
    return { client, ready: () => client.status === 'ready', close: async () => void client.disconnect() };
  }
  const client = createClient({ url, socket: { reconnectStrategy: () => 50 } });
  client.on('error', () => {});
  await client.connect();
  return { client, ready: () => client.isReady, close: async () => void client.destroy() };
}

/** A plain node-redis connection for the test's own looks into Redis. */
export async function inspector(url: string) {
  const client = createClient({ url });
  client.on('error', () => {});
  await client.connect();
  return client;
}

export const newKeys = () => `k1:${randomBytes(32).toString('base64')}`;

export const extractor: TokenExtractor = {
  kind: 'header',
  extract: (req) => (req.headers['x-user'] as string | undefined) ?? null,
  verify: async (token) => ({ subject: token, issuer: 'https://idp.test', claims: { sub: token } }),
};
export const req = (user: string) => ({ headers: { 'x-user': user } });

export function fakeSource(lifetimeMs = 3_600_000) {
  const calls: string[] = [];
  let gate: Promise<void> | null = null;
  const source: CredentialsSource = {
    kind: 'fake',
    async exchange(token): Promise<ExchangeResult> {
      calls.push(token);
      const n = calls.length;
      if (gate) await gate;
      return {
        accessKeyId: `ASIA${token.toUpperCase()}${n}`,
        secretAccessKey: `secret-${randomBytes(12).toString('hex')}`,
        sessionToken: `session-${randomBytes(12).toString('hex')}`,
        expiration: new Date(Date.now() + lifetimeMs),
      };
    },
  };
  return {
    source,
    calls,
    hold() {
      let open!: () => void;
      gate = new Promise((r) => {
        open = r;
      });
      return () => {
        gate = null;
        open();
      };
    },
  };
}

export function logSink() {
  const events: LogEvent[] = [];
  return { events, logger: (e: LogEvent) => void events.push(e) };
}

export async function until(
  check: () => boolean | Promise<boolean>,
  what: string,
  ms = 10_000,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
