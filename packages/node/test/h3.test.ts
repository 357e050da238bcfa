// h3 v2 (its own server, srvx) and h3 v1 (Nitro 2 and Nuxt's h3, on node:http) with `h3AwsCredentials`, against
// the kit: the glue's four checks on each.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { webIdentity } from '@web-identity/core';
import { H3, serve } from 'h3';
import { createApp, defineEventHandler, toNodeListener } from 'h3-v1';
import { h3AwsCredentials, type RequestAws } from '../src/h3.js';
import { type GlueConfig, glueChecks } from './glue.js';

const options = (config: GlueConfig) => ({
  region: config.region,
  source: webIdentity({ roleArn: config.roleArn, endpoint: config.awsEndpoint }),
  verify: { issuer: config.issuer, audience: config.audience },
});

glueChecks('h3-v2', async (config) => {
  // apps/docs/getting-started/nuxt.md shows this region; the options come from the kit here
  // #region snippet
  const app = new H3();
  app.use(h3AwsCredentials(options(config), { match: (url) => url.pathname.startsWith('/api/') }));
  app.get('/api/me', (event) => {
    const aws = event.context.aws as RequestAws;
    return { subject: aws.identity.subject, accessKeyId: aws.credentials.accessKeyId };
  });
  // #endregion snippet
  const server = serve(app, { port: 0, hostname: '127.0.0.1', silent: true });
  await server.ready();
  return { url: server.url!.replace(/\/$/, ''), close: () => server.close(true) };
});

glueChecks('h3-v1 (Nitro 2, Nuxt)', async (config) => {
  // as a Nitro/Nuxt server/middleware/aws.ts would: defineEventHandler(h3AwsCredentials(…))
  // #region nitro
  const app = createApp();
  app.use(
    defineEventHandler(
      h3AwsCredentials(options(config), { match: (url) => url.pathname.startsWith('/api/') }),
    ),
  );
  app.use(
    '/api/me',
    defineEventHandler((event) => {
      const aws = event.context.aws as RequestAws;
      return { subject: aws.identity.subject, accessKeyId: aws.credentials.accessKeyId };
    }),
  );
  // #endregion nitro
  const server = createServer(toNodeListener(app));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
});
