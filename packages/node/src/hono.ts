/**
 * Hono middleware: `c.var.aws` is the caller's `RequestAws` (credentials, identity, `client(S3Client)`), on Node,
 * Bun, Deno and Cloudflare Workers alike; a refused request gets the RFC 6750 / problem+json answer.
 * @packageDocumentation
 * @module @web-identity/node/hono
 */
import type { MiddlewareHandler } from 'hono';
import type { CredentialsBrokerOptions, RequestAws, RequestLike } from './types.js';
import { createWebBroker, type WebCredentialsBroker } from './web/webBroker.js';

/** The Hono environment the middleware sets: `c.var.aws` (`null` for an anonymous request). */
export interface AwsCredentialsEnv {
  Variables: { aws: RequestAws | null };
}

/**
 * Sets `c.var.aws` for the signed-in caller, or answers 401/400/403/503 before the route runs.
 * @example
 * import { Hono } from 'hono';
 * import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';
 * import { type AwsCredentialsEnv, honoAwsCredentials, webIdentity } from '@web-identity/node/hono';
 *
 * const app = new Hono<AwsCredentialsEnv>();
 * app.use('/api/*', honoAwsCredentials({
 *   source: webIdentity({ roleArn: 'arn:aws:iam::123456789012:role/PhotoUploader' }),
 *   verify: { issuer: 'https://idp.example.com', audience: 'my-client-id' },
 * }));
 * app.put('/api/photos/:name', async (c) => {
 *   const aws = c.var.aws!;
 *   const Key = `uploads/${aws.identity.subject}/${c.req.param('name')}`;
 *   await aws.client(S3Client).send(new PutObjectCommand({ Bucket: 'b', Key, Body: await c.req.text() }));
 *   return c.body(null, 204);
 * });
 */
export function honoAwsCredentials(
  options: CredentialsBrokerOptions | WebCredentialsBroker,
): MiddlewareHandler<AwsCredentialsEnv> & { broker: WebCredentialsBroker } {
  const web = 'credentialsFor' in options ? options : createWebBroker(options);
  const middleware: MiddlewareHandler<AwsCredentialsEnv> = (c, next) => {
    // A cached caller is answered in this tick. On @hono/node-server, Node's own parsed headers
    // (`c.env.incoming`) spare building fetch Headers for the look-up.
    const incoming = (c.env as { incoming?: RequestLike } | undefined)?.incoming;
    const cached = incoming?.headers ? web.broker.peek?.(incoming) : web.peek(c.req.raw);
    if (cached) {
      c.set('aws', cached);
      return next();
    }
    return web.credentialsFor(c.req.raw).then(
      (aws) => {
        c.set('aws', aws);
        return next();
      },
      (err: unknown) => web.toResponse(err, c.req.raw),
    );
  };
  return Object.assign(middleware, { broker: web });
}

export * from './web.js';
