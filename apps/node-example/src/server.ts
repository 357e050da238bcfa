// Starts the example: `node dist/server.js` (real AWS/IdP from the environment) or
// `node dist/server.js --local` (starts the local kit in-process and prints a token to try it with).
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
const app = createApp(config);
local?.devRoutes(app);
const server = app.listen(Number(process.env.PORT ?? 3000), process.env.HOST ?? '127.0.0.1', () => {
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  console.log(`node-example (${config.mode}) listening on ${url}`);
  if (local) console.log(local.hint(url));
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    server.closeAllConnections();
    server.close(() => {
      void local?.close().then(() => process.exit(0));
      if (!local) process.exit(0);
    });
  });
}
