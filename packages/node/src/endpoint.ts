import type { IncomingMessage, ServerResponse } from 'node:http';
import { type CredentialsBroker, createCredentialsBroker } from './credentialsBroker.js';
import { HttpCredentialsError } from './errors.js';
import { rejectRequest, sendProblem } from './http.js';
import { type RateLimitOptions, rateLimiter } from './rateLimiter.js';
import type { CredentialsBrokerOptions, RequestAws } from './types.js';

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

function sameOrigin(origin: string, req: IncomingMessage): boolean {
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false; // "null" (sandboxed frames, file:) and garbage
  }
}

/**
 * CSRF / cross-site refusal, before any exchange or rate-limit charge: a browser request whose `Origin` is
 * neither this server's own nor listed in `cors.origins`, or that says `Sec-Fetch-Site: cross-site` without a
 * listed origin, is answered 403. Requests without these headers (curl, servers) are not browsers' and pass.
 */
function crossSiteRefusal(cors: CorsOptions | undefined, req: IncomingMessage): HttpCredentialsError | null {
  const origin = req.headers.origin;
  if (origin !== undefined && allowedOrigin(cors, origin)) return null;
  const refused =
    origin !== undefined ? !sameOrigin(origin, req) : req.headers['sec-fetch-site'] === 'cross-site';
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
 * another origin that is not listed (`Origin`, or `Sec-Fetch-Site: cross-site`) is refused with 403 before
 * any exchange or rate-limit charge (CSRF, e.g. with `fromCookie`).
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
