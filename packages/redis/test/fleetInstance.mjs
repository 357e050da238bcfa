// One instance of the fleet test, in its own process: Express + awsCredentials() + redisStore on a shared
// Redis, against the kit's STS. Test-only: /api/me answers with the secret and session token so the parent can
// check whose credentials each response carries and search Redis for them.
import { awsCredentials, webIdentity } from '@web-identity/node';
import { redisStore } from '@web-identity/redis';
import express from 'express';
import { Redis } from 'ioredis';
import { createClient } from 'redis';

const cfg = JSON.parse(process.argv[2]);
let client;
let ready;
if (cfg.client === 'ioredis') {
  client = new Redis(cfg.redisUrl);
  ready = () => client.status === 'ready';
} else {
  client = createClient({ url: cfg.redisUrl });
  client.on('error', () => {}); // the store listens too; this keeps the example of a real app
  await client.connect();
  ready = () => client.isReady;
}
const store = redisStore({ client, keys: cfg.keys, prefix: cfg.prefix, timeoutMs: cfg.timeoutMs });
const app = express();
app.get('/fleet/ready', (_req, res) => res.json({ ready: ready() }));
app.use(
  '/api',
  awsCredentials({
    region: cfg.region,
    verify: { issuer: cfg.issuer, audience: cfg.clientId },
    source: webIdentity({ roleArn: cfg.roleArn, endpoint: cfg.stsEndpoint }),
    cache: store,
    logger: (e) => {
      if (e.event.startsWith('cache.')) process.send?.({ log: e });
    },
  }),
);
app.get('/api/me', (req, res) => {
  const { credentials, identity } = req.aws;
  res.json({
    subject: identity.subject,
    accessKeyId: credentials.accessKeyId,
    secretAccessKey: credentials.secretAccessKey,
    sessionToken: credentials.sessionToken,
  });
});
const server = app.listen(0, '127.0.0.1', () => process.send?.({ port: server.address().port }));
process.on('disconnect', () => process.exit(0));
