import type { IncomingMessage, ServerResponse } from 'node:http';
import { type CredentialsBroker, createCredentialsBroker } from '../broker/credentialsBroker.js';
import type { CredentialsBrokerOptions, RequestAws } from '../types.js';
import { rejectRequest, sendProblem } from './respond.js';

declare global {
  namespace Express {
    interface Request {
      /** Set by `awsCredentials()`: the caller's AWS credentials, or `null` for anonymous requests. */
      aws?: RequestAws | null;
    }
  }
}

/** Express/Connect middleware signature, without depending on Express's types. */
export type ConnectMiddleware = (
  req: IncomingMessage & { aws?: RequestAws | null },
  res: ServerResponse,
  next: (err?: unknown) => void,
) => void;

/** Options of the `awsCredentials` middleware. */
export interface AwsCredentialsMiddlewareOptions extends CredentialsBrokerOptions {
  /** `'respond'` (default): answer 4xx/5xx with problem+json. `'next'`: call `next(err)` with the error. */
  onError?: 'respond' | 'next';
}

/**
 * Express 5/4 and Connect middleware: sets `req.aws = { credentials, identity, provider, client() }` for the
 * signed-in caller, or answers 401/400/403/503 (RFC 6750 + problem+json).
 *
 * @example
 * import express from 'express';
 * import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';
 * import { awsCredentials, fromBearer, webIdentity } from '@web-identity/node';
 *
 * const app = express();
 * app.use('/api', awsCredentials({
 *   region: 'eu-west-1',
 *   token: fromBearer(),
 *   verify: { issuer: 'https://idp.example.com', audience: 'my-client-id' },
 *   source: webIdentity({ roleArn: 'arn:aws:iam::123456789012:role/PhotoUploader' }),
 * }));
 * app.post('/api/photos', async (req, res) => {
 *   await req.aws!.client(S3Client).send(new PutObjectCommand({ Bucket: 'b', Key: `uploads/${req.aws!.identity.subject}/x`, Body: 'hi' }));
 *   res.sendStatus(204);
 * });
 */
export function awsCredentials(
  options: AwsCredentialsMiddlewareOptions | CredentialsBroker,
): ConnectMiddleware & { broker: CredentialsBroker } {
  const broker = 'forRequest' in options ? options : createCredentialsBroker(options);
  const passErrors = !('forRequest' in options) && options.onError === 'next';
  const middleware: ConnectMiddleware = (req, res, next) => {
    // Cached token and credentials: answer in this tick, without a promise (the common case under load).
    const cached = broker.peek?.(req);
    if (cached) {
      req.aws = cached;
      next();
      return;
    }
    broker.forRequest(req).then(
      (aws) => {
        req.aws = aws;
        next();
      },
      (err: unknown) => {
        const problem = rejectRequest(err, req, broker.log, broker.options.realm);
        if (passErrors) {
          next(Object.assign(err as object, { status: problem.status, headers: problem.headers }));
        } else {
          sendProblem(res, problem);
        }
      },
    );
  };
  return Object.assign(middleware, { broker });
}
