/**
 * Next.js App Router glue: a route-handler wrapper, a server-action helper and a `proxy` (middleware) gate, all
 * on one fetch-standard broker (one cache, one exchange per user). @packageDocumentation
 * @module @web-identity/node/next
 */
import type { CredentialsBrokerOptions, RequestAws } from './types.js';
import { createWebBroker, type WebCredentialsBroker } from './web/webBroker.js';

const noAnswer = () => undefined; // the proxy lets the request through

/** What `nextAwsCredentials()` hands out. */
export interface NextAwsCredentials {
  readonly broker: WebCredentialsBroker;
  /** Wraps a route handler: `ctx.aws` is the caller's `RequestAws`; a refused request gets 401/403/503 first. */
  route<C>(
    handler: (request: Request, ctx: C & { aws: RequestAws | null }) => Response | Promise<Response>,
  ): (request: Request, ctx: C) => Promise<Response>;
  /** In a server action (or server component): the caller's `RequestAws` from this request's cookie or header. Rejects with `CredentialsError`. */
  forAction(): Promise<RequestAws | null>;
  /** `export const proxy = aws.proxy` (Next 16; `middleware` before): answers refused requests, lets the rest through. */
  proxy(request: Request): Promise<Response | undefined>;
}

/**
 * @example // lib/aws.ts
 * export const aws = nextAwsCredentials({
 *   source: webIdentity({ roleArn: process.env.ROLE_ARN! }),
 *   verify: { issuer: process.env.OIDC_ISSUER!, audience: process.env.OIDC_CLIENT_ID! },
 *   token: anyOf(fromBearer(), fromCookie('id_token')),
 * });
 * // app/api/me/route.ts
 * export const GET = aws.route((request, { aws }) => Response.json({ subject: aws!.identity.subject }));
 * // app/actions.ts ('use server')
 * export async function upload(form: FormData) { const user = await aws.forAction(); … user!.client(S3Client) … }
 */
export function nextAwsCredentials(
  options: CredentialsBrokerOptions | WebCredentialsBroker,
): NextAwsCredentials {
  const web = 'credentialsFor' in options ? options : createWebBroker(options);
  return {
    broker: web,
    route: (handler) => async (request, ctx) => {
      let aws: RequestAws | null;
      try {
        aws = await web.credentialsFor(request);
      } catch (err) {
        return web.toResponse(err, request);
      }
      return handler(request, { ...ctx, aws });
    },
    async forAction() {
      const { headers } = await import('next/headers.js');
      return web.credentialsFor(new Request('http://server-action.invalid/', { headers: await headers() }));
    },
    proxy: (request) => web.credentialsFor(request).then(noAnswer, (err) => web.toResponse(err, request)),
  };
}

export * from './web.js';
