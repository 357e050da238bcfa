/**
 * One server for the throughput benchmark, in its own process; reports its port over IPC.
 * Mode `<framework>:<variant>`: express:{bare,noop,ours,ours-otel,jwt-bearer}, fastify and hono:{bare,noop,ours,ours-otel}.
 * `noop` mounts a middleware (Express, Hono) or an onRequest hook (Fastify) that does nothing, the same way ours is
 * mounted: the baseline the middleware's own cost is measured against.
 */
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import {
  awsCredentials,
  fastifyAwsCredentials,
  fromBearer,
  memoryCache,
  webIdentity,
} from '@web-identity/node';
import { recordWebIdentityMetrics } from '@web-identity/node/otel';
import express from 'express';
import { auth } from 'express-oauth2-jwt-bearer';
import Fastify from 'fastify';

const [mode, configJson] = process.argv.slice(2);
const [framework, variant] = mode.split(':');
const cfg = JSON.parse(configJson);
const options = () => ({
  region: cfg.region,
  token: fromBearer(),
  verify: { issuer: cfg.issuer, audience: cfg.clientId },
  source: webIdentity({ roleArn: cfg.roleArn, endpoint: cfg.stsEndpoint, durationSeconds: 3600 }),
  cache: memoryCache({ maxEntries: 10_000 }),
});

if (variant === 'ours-otel') {
  // The real SDK aggregating in memory, as an app with an exporter would (collection is not part of the run).
  class Reader extends MetricReader {
    async onShutdown() {}
    async onForceFlush() {}
  }
  recordWebIdentityMetrics({ meterProvider: new MeterProvider({ readers: [new Reader()] }) });
}
const ours = variant === 'ours' || variant === 'ours-otel';
const ready = (port) => process.send({ port });

if (framework === 'express') {
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  if (ours) app.use('/api', awsCredentials(options()));
  else if (variant === 'noop') app.use('/api', (_req, _res, next) => next());
  else if (variant === 'jwt-bearer')
    app.use('/api', auth({ issuerBaseURL: cfg.issuer, audience: cfg.clientId, tokenSigningAlg: 'RS256' }));
  app.get('/api/hello', (req, res) => {
    res.json({ sub: req.aws?.identity.subject ?? req.auth?.payload.sub ?? 'anonymous' });
  });
  const server = app.listen(0, '127.0.0.1', () => ready(server.address().port));
} else if (framework === 'hono') {
  // Hono on Node (@hono/node-server) with the fetch-standard entry's glue.
  const [{ Hono }, { serve }, { honoAwsCredentials }] = await Promise.all([
    import('hono'),
    import('@hono/node-server'),
    import('@web-identity/node/hono'),
  ]);
  const app = new Hono();
  if (ours) app.use('/api/*', honoAwsCredentials(options()));
  else if (variant === 'noop') app.use('/api/*', (_c, next) => next());
  app.get('/api/hello', (c) => c.json({ sub: c.var.aws?.identity.subject ?? 'anonymous' }));
  serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => ready(info.port));
} else {
  const app = Fastify();
  if (ours) await app.register(fastifyAwsCredentials, options());
  else if (variant === 'noop') app.addHook('onRequest', async () => {});
  app.get('/api/hello', async (request) => ({ sub: request.aws?.identity.subject ?? 'anonymous' }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  ready(app.server.address().port);
}
// The parent asks for this process's CPU time around each load run: CPU per request is the figure a busy,
// shared machine cannot move much (req/s moves with whatever else runs).
process.on('message', (m) => {
  if (m?.cpu) process.send({ cpu: process.cpuUsage() });
});
process.on('disconnect', () => process.exit(0));
