/**
 * One instance of the fleet benchmark, in its own process; reports its port over IPC.
 * Mode `memory` (node's default memory cache), `redis` (`redisStore` on the shared Redis, node-redis) or `cluster`
 * (`redisStore` on a shared 3-master Redis Cluster, node-redis `createCluster`).
 */
import { awsCredentials, fromBearer, memoryCache, webIdentity } from '@web-identity/node';
import { redisStore } from '@web-identity/redis';
import express from 'express';
import { createClient, createCluster } from 'redis';

const [mode, configJson] = process.argv.slice(2);
const cfg = JSON.parse(configJson);
let cache = memoryCache({ maxEntries: 10_000 });
if (mode === 'redis' || mode === 'cluster') {
  const client =
    mode === 'cluster'
      ? createCluster({ rootNodes: cfg.rootNodes.map((n) => ({ url: `redis://${n.host}:${n.port}` })) })
      : createClient({ url: cfg.redisUrl });
  client.on('error', () => {});
  await client.connect();
  cache = redisStore({ client, keys: cfg.keys, prefix: cfg.prefix });
}
const app = express();
app.disable('x-powered-by');
app.disable('etag');
app.use(
  '/api',
  awsCredentials({
    region: cfg.region,
    token: fromBearer(),
    verify: { issuer: cfg.issuer, audience: cfg.clientId },
    source: webIdentity({ roleArn: cfg.roleArn, endpoint: cfg.stsEndpoint, durationSeconds: 3600 }),
    cache,
  }),
);
app.get('/api/hello', (req, res) => {
  res.json({ sub: req.aws?.identity.subject ?? 'anonymous' });
});
const server = app.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
process.on('disconnect', () => process.exit(0));
