// Hono on Node (@hono/node-server) with `honoAwsCredentials`, against the kit: the glue's four checks.
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { webIdentity } from '@web-identity/core';
import { Hono } from 'hono';
import { type AwsCredentialsEnv, honoAwsCredentials } from '../src/hono.js';
import { glueChecks } from './glue.js';

glueChecks('hono-node', async (config) => {
  // apps/docs/getting-started/hono.md shows this region; the options come from the kit here
  // #region snippet
  const app = new Hono<AwsCredentialsEnv>();
  app.use(
    '/api/*',
    honoAwsCredentials({
      region: config.region,
      source: webIdentity({ roleArn: config.roleArn, endpoint: config.awsEndpoint }),
      verify: { issuer: config.issuer, audience: config.audience },
    }),
  );
  app.get('/api/me', (c) => {
    const aws = c.var.aws!;
    return c.json({ subject: aws.identity.subject, accessKeyId: aws.credentials.accessKeyId });
  });
  // #endregion snippet
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
});
