/**
 * SvelteKit `handle` hook: `event.locals.aws` is the caller's `RequestAws` for the routes you pick; a refused
 * request gets the RFC 6750 / problem+json answer before any load function or endpoint runs.
 *
 * @packageDocumentation
 * @module @web-identity/node/sveltekit
 */
import type { CredentialsBrokerOptions, RequestAws } from './types.js';
import { createWebBroker, type WebCredentialsBroker } from './web/webBroker.js';

/** The part of SvelteKit's `Handle` this hook uses (no dependency on `@sveltejs/kit`'s types). */
export type AwsCredentialsHandle = (input: {
  event: { request: Request; url: URL; locals: object };
  resolve(event: never): Response | Promise<Response>;
}) => Promise<Response>;

/**
 * @example
 * // src/hooks.server.ts (declare `aws: RequestAws | null` in `App.Locals`, src/app.d.ts)
 * import { awsCredentialsHandle, webIdentity } from '@web-identity/node/sveltekit';
 * export const handle = awsCredentialsHandle(
 *   { source: webIdentity({ roleArn: ROLE_ARN }), verify: { issuer: OIDC_ISSUER, audience: OIDC_CLIENT_ID } },
 *   { match: (url) => url.pathname.startsWith('/api/') },
 * );
 * // src/routes/api/me/+server.ts
 * export const GET = ({ locals }) => json({ subject: locals.aws!.identity.subject });
 */
export function awsCredentialsHandle(
  options: CredentialsBrokerOptions | WebCredentialsBroker,
  opts: { match?: (url: URL) => boolean } = {},
): AwsCredentialsHandle & { broker: WebCredentialsBroker } {
  const web = 'credentialsFor' in options ? options : createWebBroker(options);
  const handle: AwsCredentialsHandle = async ({ event, resolve }) => {
    let aws: RequestAws | null | undefined = null;
    if (!opts.match || opts.match(event.url)) {
      try {
        aws = web.peek(event.request) ?? (await web.credentialsFor(event.request));
      } catch (err) {
        return web.toResponse(err, event.request);
      }
    }
    (event.locals as { aws?: RequestAws | null }).aws = aws;
    return resolve(event as never);
  };
  return Object.assign(handle, { broker: web });
}

export * from './web.js';
