/** One Express server for the throughput benchmark, in its own process; reports its port over IPC. */
import { awsCredentials, fromBearer, memoryCache, webIdentity } from '@web-identity/node';
import express from 'express';
import { auth } from 'express-oauth2-jwt-bearer';

const [mode, configJson] = process.argv.slice(2);
const cfg = JSON.parse(configJson);
const app = express();
app.disable('x-powered-by');
app.disable('etag');
if (mode === 'ours') {
  app.use(
    '/api',
    awsCredentials({
      region: cfg.region,
      token: fromBearer(),
      verify: { issuer: cfg.issuer, audience: cfg.clientId },
      source: webIdentity({ roleArn: cfg.roleArn, endpoint: cfg.stsEndpoint, durationSeconds: 3600 }),
      cache: memoryCache({ maxEntries: 10_000 }),
    }),
  );
  app.get('/api/hello', (req, res) => {
    res.json({ sub: req.aws.identity.subject });
  });
} else if (mode === 'jwt-bearer') {
  app.use('/api', auth({ issuerBaseURL: cfg.issuer, audience: cfg.clientId, tokenSigningAlg: 'RS256' }));
  app.get('/api/hello', (req, res) => {
    res.json({ sub: req.auth.payload.sub });
  });
} else {
  app.get('/api/hello', (_req, res) => {
    res.json({ sub: 'anonymous' });
  });
}
const server = app.listen(0, '127.0.0.1', () => {
  process.send({ port: server.address().port });
});
process.on('disconnect', () => process.exit(0));
