// Starts the example: `node dist/server.js` (real AWS/IdP from the environment) or
// `node dist/server.js --local` (starts the local kit in-process and prints a token to try it with).
import type { AddressInfo } from 'node:net';
import { createApp } from './app.js';
import { configFromEnv, type ExampleConfig } from './config.js';

async function localConfig(): Promise<{
  config: ExampleConfig;
  close: () => Promise<void>;
  hint: () => Promise<string>;
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
    hint: async () =>
      alb
        ? `curl -H 'x-amzn-oidc-data: ${aws.signAlbOidcData({ sub: 'alice' })}' <url>/api/whoami`
        : `open <url>/#id_token=${await idp.issueIdToken({ sub: 'alice' })}`,
  };
}

const local = process.argv.includes('--local') ? await localConfig() : null;
const config = local?.config ?? configFromEnv();
const server = createApp(config).listen(
  Number(process.env.PORT ?? 3000),
  process.env.HOST ?? '127.0.0.1',
  async () => {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    console.log(`node-example (${config.mode}) listening on ${url}`);
    if (local) console.log((await local.hint()).replace('<url>', url));
  },
);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    server.closeAllConnections();
    server.close(() => {
      void local?.close().then(() => process.exit(0));
      if (!local) process.exit(0);
    });
  });
}
