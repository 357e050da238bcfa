// Fleet mode (`--fleet N`): N instances of the example in one process, each with its own Redis connection and
// its own memory layer, sharing credentials through one Redis with @web-identity/redis, as N servers behind a
// load balancer would. Loaded only in fleet mode, so the default start needs no Redis.
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '@web-identity/node';
import { type RedisStore, redisStore } from '@web-identity/redis';
import type { Express } from 'express';
import { createClient } from 'redis';
import { createApp } from './app.js';
import type { ExampleConfig } from './config.js';

export interface FleetOptions {
  instances: number;
  redisUrl: string;
  /** The keyring (`CACHE_KEYS`); omitted: one key made up for this run (entries are unreadable after it). */
  keys?: string;
  /** Port of the first instance (the next ones count up); 0: any free ports. */
  port: number;
  host?: string;
  logger?: Logger;
  /** Adds routes to each instance (the local kit's dev sign-in). */
  decorate?: (app: Express) => void;
}

export interface Fleet {
  readonly urls: readonly string[];
  close(): Promise<void>;
}

function listen(server: Server, port: number, host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
  });
}

/**
 * Starts `instances` copies of the example on one Redis.
 *
 * @example
 * const fleet = await startFleet(config, { instances: 2, redisUrl: 'redis://127.0.0.1:6379', port: 3000 });
 * fleet.urls; // ['http://127.0.0.1:3000', 'http://127.0.0.1:3001']
 */
export async function startFleet(config: ExampleConfig, opts: FleetOptions): Promise<Fleet> {
  const keys = opts.keys ?? `run:${randomBytes(32).toString('base64')}`;
  const parts: { server: Server; store: RedisStore; redis: { destroy(): void } }[] = [];
  const urls: string[] = [];
  try {
    for (let i = 0; i < opts.instances; i++) {
      const redis = createClient({ url: opts.redisUrl });
      redis.on('error', () => {}); // the store reports outages once through the logger
      await redis.connect();
      const store = redisStore({ client: redis, keys });
      const app = createApp(config, { cache: store, ...(opts.logger ? { logger: opts.logger } : {}) });
      opts.decorate?.(app);
      const server = createServer(app);
      parts.push({ server, store, redis });
      urls.push(await listen(server, opts.port === 0 ? 0 : opts.port + i, opts.host ?? '127.0.0.1'));
    }
  } catch (err) {
    await closeAll(parts);
    throw err;
  }
  return { urls, close: () => closeAll(parts) };
}

async function closeAll(
  parts: { server: Server; store: RedisStore; redis: { destroy(): void } }[],
): Promise<void> {
  for (const { server, store, redis } of parts) {
    server.closeAllConnections();
    if (server.listening) await new Promise((r) => server.close(r));
    store.close();
    redis.destroy();
  }
}
