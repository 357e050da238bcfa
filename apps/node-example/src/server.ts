// Starts the example: `node dist/server.js` (real AWS/IdP from the environment) or
// `node dist/server.js --local` (starts the local kit in-process and prints a token to try it with).
// `--fleet 2`: two instances sharing credentials through Redis (REDIS_URL; with --local and no REDIS_URL, a
// local redis-server is started), on PORT and PORT + 1.
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { createApp } from './app.js';
import { configFromEnv, type ExampleConfig } from './config.js';

async function localConfig(): Promise<{
  config: ExampleConfig;
  close: () => Promise<void>;
  devRoutes: (app: Express) => void;
  hint: (url: string) => string;
}> {
  const kit = await import('@web-identity/testing');
  const idp = await kit.startLocalIdp();
  const aws = await kit.startLocalAws({ idp });
  const alb = process.env.MODE === 'alb';
  const config: ExampleConfig = {
    region: aws.region,
    issuer: idp.issuer,
    clientId: idp.clientId,
    roleArn: kit.DEFAULT_ROLE_ARN,
    bucket: kit.DEFAULT_BUCKET,
    stsEndpoint: aws.endpoint,
    s3Endpoint: aws.endpoint,
    corsOrigins: (process.env.CORS_ORIGINS ?? '').split(',').filter(Boolean),
    mode: alb ? 'alb' : 'oidc',
    ...(alb
      ? {
          alb: {
            signerArn: aws.albSignerArn,
            keyUrl: aws.albKeysUrl,
            brokerRoleArn: kit.BROKER_ROLE_ARN,
            serverCredentials: kit.DEFAULT_ACCESS_KEY,
          },
        }
      : {}),
  };
  return {
    config,
    close: async () => {
      await aws.close();
      await idp.close();
    },
    // Dev-only routes mint a token for a kit user on request, so no token is ever printed to the log.
    devRoutes: (app: Express) => {
      app.get('/dev/login', async (req, res) => {
        const sub = typeof req.query.user === 'string' ? req.query.user : 'alice';
        res.redirect(`/#id_token=${await idp.issueIdToken({ sub })}`);
      });
      app.get('/dev/alb-data', (req, res) => {
        const sub = typeof req.query.user === 'string' ? req.query.user : 'alice';
        res.type('text/plain').send(aws.signAlbOidcData({ sub }));
      });
    },
    hint: (url: string) =>
      alb
        ? `try: curl -H "x-amzn-oidc-data: $(curl -s ${url}/dev/alb-data)" ${url}/api/whoami`
        : `open ${url}/dev/login (signs in as alice; ?user=bob for bob)`,
  };
}

const local = process.argv.includes('--local') ? await localConfig() : null;
const config = local?.config ?? configFromEnv();
const fleetAt = process.argv.indexOf('--fleet');
const fleetSize = fleetAt < 0 ? 0 : Number(process.argv[fleetAt + 1] ?? 2);
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '127.0.0.1';
let stopServers: () => Promise<void>;

if (fleetSize > 0) {
  if (!Number.isInteger(fleetSize) || fleetSize < 1)
    throw new Error('--fleet takes a number of instances, e.g. --fleet 2');
  const { startFleet } = await import('./fleet.js');
  let redisUrl = process.env.REDIS_URL;
  let localRedis: { close(): Promise<void> } | null = null;
  if (!redisUrl) {
    if (!local) throw new Error('Set REDIS_URL for --fleet (or add --local to start a local redis-server).');
    const kit = await import('@web-identity/testing');
    const started = await kit.startLocalRedis();
    redisUrl = started.url;
    localRedis = started;
  }
  const fleet = await startFleet(config, {
    instances: fleetSize,
    redisUrl,
    port,
    host,
    ...(process.env.CACHE_KEYS ? { keys: process.env.CACHE_KEYS } : {}),
    ...(local ? { decorate: local.devRoutes } : {}),
  });
  console.log(
    `node-example (${config.mode}) fleet of ${fleet.urls.length} on one Redis: ${fleet.urls.join(' ')}`,
  );
  if (local) console.log(local.hint(fleet.urls[0]!));
  stopServers = async () => {
    await fleet.close();
    await localRedis?.close();
  };
} else {
  const app = createApp(config);
  local?.devRoutes(app);
  const server = app.listen(port, host, () => {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    console.log(`node-example (${config.mode}) listening on ${url}`);
    if (local) console.log(local.hint(url));
  });
  stopServers = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    void stopServers()
      .then(() => local?.close())
      .then(() => process.exit(0));
  });
}
