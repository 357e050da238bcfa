import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import {
  assumeRole,
  awsCredentials,
  type CredentialsBrokerOptions,
  type CredentialsStore,
  consoleLogger,
  createCredentialsBroker,
  credentialEndpoint,
  fromAlbOidc,
  fromBearer,
  type Logger,
  webIdentity,
} from '@web-identity/node';
import express, { type Express } from 'express';
import type { ExampleConfig } from './config.js';
import { prometheusMetrics } from './metrics.js';
import { indexHtml } from './page.js';

const SAFE_NAME = /^[\w.-]{1,200}$/;

/** The broker options for a mode: OIDC ID tokens → AssumeRoleWithWebIdentity, or ALB header → AssumeRole. */
export function brokerOptions(
  config: ExampleConfig,
  logger?: Logger,
  cache?: CredentialsStore,
): CredentialsBrokerOptions {
  const common = { region: config.region, ...(logger ? { logger } : {}), ...(cache ? { cache } : {}) };
  if (config.mode === 'alb' && config.alb) {
    const alb = config.alb;
    return {
      ...common,
      token: fromAlbOidc({
        region: config.region,
        expectedSigner: alb.signerArn,
        ...(alb.keyUrl ? { keyUrl: alb.keyUrl } : {}),
      }),
      source: assumeRole({
        roleArn: alb.brokerRoleArn,
        ...(config.stsEndpoint ? { endpoint: config.stsEndpoint } : {}),
        ...(alb.serverCredentials ? { credentials: alb.serverCredentials } : {}),
        // The role allows uploads/*; each user's session is narrowed to their own prefix.
        sessionPolicy: (identity) => ({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: ['s3:PutObject', 's3:GetObject'],
              Resource: `arn:aws:s3:::${config.bucket}/uploads/${identity.subject}/*`,
            },
          ],
        }),
        tags: (identity) => ({ sub: identity.subject }),
      }),
    };
  }
  return {
    ...common,
    token: fromBearer(),
    verify: { issuer: config.issuer, audience: config.clientId },
    source: webIdentity({
      roleArn: config.roleArn,
      ...(config.stsEndpoint ? { endpoint: config.stsEndpoint } : {}),
    }),
  };
}

/**
 * The example server:
 * - `GET /api/whoami`: STS GetCallerIdentity with the user's credentials;
 * - `POST /api/photos?name=x.jpg`: uploads the body to `uploads/<sub>/<name>` as the user;
 * - `GET /aws/credentials`: vends the user's credentials to a browser front end;
 * - `GET /metrics`: the library's OpenTelemetry metrics in Prometheus' text format;
 * - `GET /`: a tiny page calling /api/whoami.
 *
 * `cache`: where credentials are kept (default node's memory cache; the fleet mode passes a `redisStore`).
 */
export function createApp(
  config: ExampleConfig,
  opts: { logger?: Logger; cache?: CredentialsStore } = {},
): Express {
  const logger = opts.logger ?? (process.env.NODE_ENV === 'test' ? undefined : consoleLogger());
  const credentials = createCredentialsBroker(brokerOptions(config, logger, opts.cache));
  const app = express();
  app.disable('x-powered-by');

  app.get('/', (_req, res) => {
    res.type('html').set('cache-control', 'no-store').send(indexHtml);
  });
  // Exchange durations and cache look-ups from @web-identity/node/otel, for Prometheus to scrape.
  app.get('/metrics', prometheusMetrics().handler);
  app.get('/healthz', (_req, res) => {
    res.json({ ok: true, mode: config.mode });
  });

  // Vending to the browser: core's credentialEndpoint({ url: '/aws/credentials' }) source reads this.
  app.all(
    '/aws/credentials',
    credentialEndpoint(credentials, { cors: { origins: config.corsOrigins }, rateLimit: { limit: 30 } }),
  );

  // Per-user credentials in handlers.
  app.use('/api', awsCredentials(credentials));

  app.get('/api/whoami', async (req, res, next) => {
    try {
      const aws = req.aws!;
      const sts = aws.client(STSClient, config.stsEndpoint ? { endpoint: config.stsEndpoint } : {});
      const me = await sts.send(new GetCallerIdentityCommand({}));
      res.json({ subject: aws.identity.subject, arn: me.Arn, account: me.Account, userId: me.UserId });
    } catch (err) {
      next(err);
    }
  });

  app.post('/api/photos', express.raw({ type: () => true, limit: '5mb' }), async (req, res, next) => {
    const name = typeof req.query.name === 'string' ? req.query.name : '';
    if (!SAFE_NAME.test(name)) {
      res
        .status(400)
        .type('application/problem+json')
        .json({ status: 400, detail: 'Pass ?name=<file name>.' });
      return;
    }
    const aws = req.aws!;
    const key = `uploads/${aws.identity.subject}/${name}`;
    try {
      const s3 = aws.client(S3Client, {
        ...(config.s3Endpoint ? { endpoint: config.s3Endpoint, forcePathStyle: true } : {}),
        requestChecksumCalculation: 'WHEN_REQUIRED',
      });
      await s3.send(
        new PutObjectCommand({
          Bucket: config.bucket,
          Key: key,
          Body: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
          ContentType: req.get('content-type') ?? 'application/octet-stream',
        }),
      );
      res.status(201).json({ key });
    } catch (err) {
      next(err);
    }
  });

  // AWS errors from handlers: plain words, never the SDK's message (it may echo input).
  app.use((err: unknown, _req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (res.headersSent) return next(err);
    const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
    const status = e.$metadata?.httpStatusCode === 403 ? 403 : 502;
    res
      .status(status)
      .type('application/problem+json')
      .json({ status, code: e.name ?? 'Error', detail: `AWS refused the call (${e.name ?? 'Error'}).` });
  });
  return app;
}
