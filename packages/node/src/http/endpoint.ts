import type { IncomingMessage, ServerResponse } from 'node:http';
import { type CredentialsBroker, createCredentialsBroker } from '../broker/credentialsBroker.js';
import { rateLimiter } from '../broker/rateLimiter.js';
import { HttpCredentialsError } from '../errors.js';
import type { CredentialsBrokerOptions, RateLimitOptions, RequestAws } from '../types.js';
import { rejectRequest, sendProblem } from './respond.js';

/** Which browser origins may call the credential endpoint. */
export interface CorsOptions {
  /** Exact origins allowed to read the credentials, e.g. `['https://app.example.com']`. */
  origins: string[] | ((origin: string) => boolean);
  /** Send `Access-Control-Allow-Credentials: true` (for `fromCookie`). Default false. */
  allowCredentials?: boolean;
}

/** Options of `credentialEndpoint`: the broker's options plus CORS. */
export interface CredentialEndpointOptions extends CredentialsBrokerOptions {
  /** Off unless origins are listed. */
  cors?: CorsOptions;
  /** Per identity; default 30 requests a minute. `false` turns it off. */
  rateLimit?: RateLimitOptions | false;
}

/** The JSON the endpoint answers with; core's `credentialEndpoint({ url })` source reads it. */
export interface VendedCredentials {
  Version: 1;
  AccessKeyId: string;
  SecretAccessKey: string;
  SessionToken: string;
  /** ISO-8601, on this server's clock (the answer's `Date` header is on the same clock). */
  Expiration: string;
}

/** A Node `http` request handler (also usable as Connect/Express middleware). */
export type NodeHandler = (req: IncomingMessage, res: ServerResponse, next?: (err?: unknown) => void) => void;

function allowedOrigin(cors: CorsOptions | undefined, origin: string | undefined): string | null {
  if (!cors || !origin) return null;
  const ok = typeof cors.origins === 'function' ? cors.origins(origin) : cors.origins.includes(origin);
  return ok ? origin : null;
}

/**
 * The scheme this request arrived on: `https:` on a TLS socket, else the first `X-Forwarded-Proto` a
 * TLS-terminating proxy set (a browser cannot add that header to a cross-origin request without a preflight,
 * which this endpoint does not grant to unlisted origins), else `http:`.
 */
function requestScheme(req: IncomingMessage): string {
  if ((req.socket as { encrypted?: boolean } | undefined)?.encrypted) return 'https:';
  const forwarded = req.headers['x-forwarded-proto'];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim().toLowerCase();
  return first === 'https' || first === 'http' ? `${first}:` : 'http:';
}

/** `Origin` names this server: same scheme and same host (an http page is not the https app). */
function sameOrigin(origin: string, req: IncomingMessage): boolean {
  try {
    const url = new URL(origin);
    return url.host === req.headers.host && url.protocol === requestScheme(req);
  } catch {
    return false; // "null" (sandboxed frames, file:) and garbage
  }
}

/**
 * CSRF / cross-site refusal, before any exchange or rate-limit charge, for a browser request whose origin is
 * not listed in `cors.origins`. The browser's own `Sec-Fetch-Site` decides when present (scripts cannot set
 * it): `cross-site` and `same-site` (a sibling subdomain is another origin, and its GETs — an `<img>`, a
 * `<script>` — carry cookies and no `Origin`) are refused; `same-origin` and `none` (typed in the address bar)
 * pass. Without it (an older browser), an `Origin` must be this server's own, scheme and host. Requests with
 * neither header (curl, servers) are not browsers' and pass.
 */
function crossSiteRefusal(cors: CorsOptions | undefined, req: IncomingMessage): HttpCredentialsError | null {
  const origin = req.headers.origin;
  if (origin !== undefined && allowedOrigin(cors, origin)) return null;
  const site = req.headers['sec-fetch-site'];
  const refused =
    site === 'cross-site' || site === 'same-site'
      ? true
      : site === 'same-origin' || site === 'none'
        ? false
        : origin !== undefined && !sameOrigin(origin, req);
  return refused
    ? new HttpCredentialsError(
        'AccessDenied',
        'This origin may not obtain credentials here: list it in the endpoint’s cors.origins.',
        { status: 403 },
      )
    : null;
}

/**
 * A handler that vends the caller's credentials to a browser front end as
 * `{ AccessKeyId, SecretAccessKey, SessionToken, Expiration }`, with `Cache-Control: no-store`,
 * CORS only for listed origins, and a per-identity rate limit (429 + `Retry-After`). A browser request from
 * another origin that is not listed (`Origin`, or `Sec-Fetch-Site: cross-site` / `same-site`) is refused with
 * 403 before any exchange or rate-limit charge (CSRF, e.g. with `fromCookie`).
 * Works as an Express/Connect route and a plain `http` handler; in Fastify use `fastifyAwsCredentials`'s
 * `credentialEndpoint` option. Pass a broker (shared with `awsCredentials`) or broker options.
 * (This is the server half; core's `credentialEndpoint({ url })` source, which this package's export shadows,
 * is the browser half.)
 *
 * @example
 * app.get('/aws/credentials', credentialEndpoint({
 *   region: 'eu-west-1',
 *   verify: { issuer: 'https://idp.example.com', audience: 'my-client-id' },
 *   source: webIdentity({ roleArn: 'arn:aws:iam::123456789012:role/PhotoUploader' }),
 * }));
 * // browser: createCredentialsClient({ source: credentialEndpoint({ url: '/aws/credentials' }), ... })
 */
export function credentialEndpoint(
  options: CredentialEndpointOptions | CredentialsBroker,
  endpointOptions: Pick<CredentialEndpointOptions, 'cors' | 'rateLimit'> = {},
): NodeHandler & { broker: CredentialsBroker } {
  const isBroker = 'forRequest' in options;
  const broker: CredentialsBroker = isBroker ? options : createCredentialsBroker(options);
  const cors = endpointOptions.cors ?? (isBroker ? undefined : options.cors);
  const limitOpts = endpointOptions.rateLimit ?? (isBroker ? options.options.rateLimit : options.rateLimit);
  const limiter = limitOpts === false ? null : rateLimiter(limitOpts ?? {});

  const handler: NodeHandler = (req, res) => {
    const origin = allowedOrigin(cors, req.headers.origin);
    if (origin) {
      res.setHeader('access-control-allow-origin', origin);
      res.setHeader('vary', 'Origin');
      if (cors?.allowCredentials) res.setHeader('access-control-allow-credentials', 'true');
    }
    if (req.method === 'OPTIONS') {
      if (origin) {
        res.setHeader('access-control-allow-methods', 'GET, POST');
        res.setHeader('access-control-allow-headers', 'authorization, content-type');
        res.setHeader('access-control-max-age', '600');
      }
      res.writeHead(204).end();
      return;
    }
    if (req.method !== 'GET' && req.method !== 'POST') {
      res.writeHead(405, { allow: 'GET, POST, OPTIONS' }).end();
      return;
    }
    const refusal = crossSiteRefusal(cors, req);
    if (refusal) {
      sendProblem(res, rejectRequest(refusal, req, broker.log, broker.options.realm));
      return;
    }
    vend(broker, limiter, req).then(
      (aws) => {
        const body: VendedCredentials = {
          Version: 1,
          AccessKeyId: aws.credentials.accessKeyId,
          SecretAccessKey: aws.credentials.secretAccessKey,
          SessionToken: aws.credentials.sessionToken,
          Expiration: aws.credentials.expiration.toISOString(),
        };
        res.writeHead(200, {
          'content-type': 'application/json',
          'cache-control': 'no-store',
          pragma: 'no-cache',
        });
        res.end(JSON.stringify(body));
      },
      (err: unknown) => sendProblem(res, rejectRequest(err, req, broker.log, broker.options.realm)),
    );
  };
  return Object.assign(handler, { broker });
}

async function vend(
  broker: CredentialsBroker,
  limiter: ReturnType<typeof rateLimiter> | null,
  req: IncomingMessage,
): Promise<RequestAws> {
  const auth = await broker.authenticate(req);
  if (!auth) throw new HttpCredentialsError('NoIdentityToken', 'No token in the request.', { status: 401 });
  const wait = limiter?.take(auth.key) ?? 0;
  if (wait > 0) {
    throw new HttpCredentialsError('Throttled', 'Too many credential requests for this identity.', {
      status: 429,
      retryAfterSec: wait,
    });
  }
  return broker.credentialsFor(auth);
}
