/**
 * h3 middleware (Nitro, Nuxt server routes, h3 v1 and v2): `event.context.aws` is the caller's `RequestAws`; a
 * refused request gets the RFC 6750 / problem+json answer. @packageDocumentation
 * @module @web-identity/node/h3
 */
import type { CredentialsBrokerOptions, RequestAws } from './types.js';
import { createWebBroker, type WebCredentialsBroker } from './web/webBroker.js';

/** The part of an h3 event this middleware reads: h3 v2's `req` (a `Request`), or v1's `web` / `node.req`. */
export interface H3EventLike {
  req?: unknown;
  web?: { request?: Request };
  node?: { req: { headers: Record<string, string | string[] | undefined>; url?: string; method?: string } };
  context: Record<string, unknown>;
}

function requestOf(event: H3EventLike): Request {
  if (event.req instanceof Request) return event.req;
  if (event.web?.request) return event.web.request;
  const req = event.node!.req; // h3 v1 on Node (Nitro 2, Nuxt): only the headers matter here
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) for (const x of [v ?? []].flat()) headers.append(k, x);
  return new Request(`http://${headers.get('host') ?? 'localhost'}${req.url ?? '/'}`, { headers });
}

/**
 * @example
 * // Nitro / Nuxt: server/middleware/aws.ts
 * import { defineEventHandler } from 'h3';
 * import { h3AwsCredentials, webIdentity } from '@web-identity/node/h3';
 * const aws = h3AwsCredentials({ source: webIdentity({ roleArn }), verify: { issuer, audience } }, {
 *   match: (url) => url.pathname.startsWith('/api/'),
 * });
 * export default defineEventHandler(aws); // then event.context.aws in /api routes
 */
export function h3AwsCredentials(
  options: CredentialsBrokerOptions | WebCredentialsBroker,
  opts: { match?: (url: URL) => boolean } = {},
): ((event: H3EventLike) => Promise<Response | undefined>) & { broker: WebCredentialsBroker } {
  const web = 'credentialsFor' in options ? options : createWebBroker(options);
  const middleware = async (event: H3EventLike): Promise<Response | undefined> => {
    const request = requestOf(event);
    event.context.aws = null;
    if (opts.match && !opts.match(new URL(request.url))) return undefined;
    try {
      event.context.aws = (web.peek(request) ??
        (await web.credentialsFor(request))) satisfies RequestAws | null;
    } catch (err) {
      return web.toResponse(err, request);
    }
    return undefined;
  };
  return Object.assign(middleware, { broker: web });
}

export * from './web.js';
