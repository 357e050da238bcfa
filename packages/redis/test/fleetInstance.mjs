// One instance of the fleet test, in its own process: Express + two awsCredentials() brokers (two roles, each
// with its own redisStore on the same client, prefix and keyring) on a shared Redis (one server, a cluster, or
// TLS with an ACL user), against the kit's STS. Test-only: /api/<a|b>/me answers with the secret and session
// token so the parent can check whose credentials each response carries and search Redis for them.
import { GlideClient, GlideClusterClient, Logger } from '@valkey/valkey-glide';
import { awsCredentials, webIdentity } from '@web-identity/node';
import { redisStore } from '@web-identity/redis';
import express from 'express';
import { Cluster, Redis } from 'ioredis';
import { createClient, createCluster } from 'redis';

Logger.setLoggerConfig('off'); // the store logs what matters
const cfg = JSON.parse(process.argv[2]);
const { target } = cfg;

async function connect() {
  const user = target.user ? { username: target.user.name, password: target.user.password } : {};
  const ca = target.ca;
  if (cfg.client === 'glide') {
    // GLIDE has no duplicate(): a second client carries the store's subscriptions.
    const tls = ca
      ? { useTLS: true, advancedConfiguration: { tlsAdvancedConfiguration: { rootCertificates: ca } } }
      : {};
    const credentials = target.user ? { credentials: user } : {};
    const opts = { requestTimeout: 2_000, ...tls, ...credentials };
    const Client = target.rootNodes ? GlideClusterClient : GlideClient;
    const addresses = target.rootNodes ?? [{ host: '127.0.0.1', port: target.port }];
    const [client, subscriber] = await Promise.all(
      [0, 1].map(() => Client.createClient({ addresses, ...opts })),
    );
    return { client, subscriber, ready: () => true };
  }
  if (cfg.client === 'ioredis') {
    const client = target.rootNodes
      ? new Cluster(target.rootNodes, { shardedSubscribers: true })
      : new Redis(target.url, { ...user, ...(ca ? { tls: { ca, servername: 'localhost' } } : {}) });
    client.on('error', () => {}); // the store listens too; this keeps the example of a real app
    await new Promise((resolve) => client.once('ready', resolve));
    return { client, ready: () => client.status === 'ready' };
  }
  const client = target.rootNodes
    ? createCluster({ rootNodes: target.rootNodes.map((n) => ({ url: `redis://${n.host}:${n.port}` })) })
    : createClient({
        url: target.url,
        ...user,
        socket: ca ? { tls: true, ca, servername: 'localhost' } : {},
      });
  client.on('error', () => {});
  await client.connect();
  return { client, ready: () => client.isReady };
}

const { client, subscriber, ready } = await connect();
const app = express();
app.get('/fleet/ready', (_req, res) => res.json({ ready: ready() }));
for (const [name, roleArn] of [
  ['a', cfg.roles[0]],
  ['b', cfg.roles[1]],
]) {
  // Two brokers, two stores, one Redis, the same prefix and keyring, no cacheNamespace: the role must keep
  // their users' keys apart by itself.
  const store = redisStore({
    client,
    ...(subscriber ? { subscriber } : {}),
    keys: cfg.keys,
    prefix: cfg.prefix,
    ...(cfg.timeoutMs ? { timeoutMs: cfg.timeoutMs } : {}),
  });
  app.use(
    `/api/${name}`,
    awsCredentials({
      region: cfg.region,
      verify: { issuer: cfg.issuer, audience: cfg.clientId },
      source: webIdentity({ roleArn, endpoint: cfg.stsEndpoint }),
      cache: store,
      logger: (e) => {
        if (e.event.startsWith('cache.')) process.send?.({ log: e });
      },
    }),
  );
  app.get(`/api/${name}/me`, (req, res) => {
    const { credentials, identity } = req.aws;
    res.json({
      subject: identity.subject,
      role: identity.assumedRoleArn,
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: credentials.secretAccessKey,
      sessionToken: credentials.sessionToken,
    });
  });
}
const server = app.listen(0, '127.0.0.1', () => process.send?.({ port: server.address().port }));
process.on('disconnect', () => process.exit(0));
