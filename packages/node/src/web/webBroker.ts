import { sdkTransport } from '@web-identity/core';
import type { BrokerRuntime } from '../broker/brokerConfig.js';
import type { AuthenticatedRequest, CredentialsBroker } from '../broker/brokerCore.js';
import { createBrokerCore } from '../broker/brokerCore.js';
import { runtimeDigest } from '../digest.js';
import { rejectRequest } from '../http/respond.js';
import type { CredentialsBrokerOptions, RequestAws } from '../types.js';
import { requestLike } from './fetchRequest.js';

/**
 * The runtime's SHA-256 (`runtimeDigest`: synchronous where the runtime has one, WebCrypto elsewhere), and the
 * source's own transport (core's sources bring `fetch`): no AWS SDK and no `node:` import.
 */
const web = (): BrokerRuntime => ({
  digest: runtimeDigest(),
  transport: (source) => source.transport ?? sdkTransport(),
});

/** The broker for fetch-standard servers: a `Request` in, the caller's `RequestAws` (or a `Response`) out. */
export interface WebCredentialsBroker {
  /**
   * Credentials for the caller of `request`: `null` when it carries no token and `credentialsRequired` is false.
   * Rejects with `CredentialsError`; answer it with `toResponse(err, request)`.
   */
  credentialsFor(request: Request, opts?: { signal?: AbortSignal }): Promise<RequestAws | null>;
  /**
   * Synchronous fast path for framework glue: the caller's `RequestAws` when its token was verified before and its
   * credentials are cached outside the refresh windows (and the runtime hashes synchronously); `undefined`
   * otherwise — then call `credentialsFor`, which also produces every error. Never throws, never calls STS.
   */
  peek(request: Request): RequestAws | undefined;
  /** Step 1 of `credentialsFor`: find and verify the token. No STS call. */
  authenticate(request: Request): Promise<AuthenticatedRequest | null>;
  /**
   * The problem+json `Response` for an error of `credentialsFor` (RFC 6750 challenge with this broker's
   * `realm`, `Retry-After`), logged redacted through the broker's `logger`.
   */
  toResponse(error: unknown, request?: Request): Response;
  /** Counters since start: exchanges made, answers served from the cache, background refreshes, failures. */
  stats(): ReturnType<CredentialsBroker['stats']>;
  readonly options: Readonly<CredentialsBrokerOptions>;
  /** The framework-neutral broker underneath (the same one the Express middleware runs on). */
  readonly broker: CredentialsBroker;
}

/**
 * The credentials broker for fetch-standard servers — Next.js route handlers, server actions and middleware,
 * Hono, SvelteKit, h3/Nitro, `Bun.serve`, `Deno.serve`, workerd — with the same verification, per-identity
 * cache, single flight, backoff and typed errors as the Express middleware. Nothing on its path imports a
 * `node:` module: tokens are hashed with WebCrypto and verified with jose's web build.
 *
 * @example
 * import { createWebBroker, webIdentity } from '@web-identity/node/web';
 * import { S3Client, ListObjectsV2Command } from '@aws-sdk/client-s3';
 *
 * const aws = createWebBroker({
 *   region: 'eu-west-1',
 *   source: webIdentity({ roleArn: 'arn:aws:iam::123456789012:role/PhotoUploader' }),
 *   verify: { issuer: 'https://idp.example.com', audience: 'my-client-id' },
 * });
 * export async function GET(request: Request) {
 *   try {
 *     const user = (await aws.credentialsFor(request))!;
 *     const prefix = `uploads/${user.identity.subject}/`;
 *     const out = await user.client(S3Client).send(new ListObjectsV2Command({ Bucket: 'b', Prefix: prefix }));
 *     return Response.json(out.Contents ?? []);
 *   } catch (err) {
 *     return aws.toResponse(err, request);
 *   }
 * }
 */
export function createWebBroker(options: CredentialsBrokerOptions): WebCredentialsBroker {
  const broker = createBrokerCore(options, web());
  const peek = (request: Request) => broker.peek?.(requestLike(request));
  return {
    broker,
    options: broker.options,
    peek,
    credentialsFor(request, opts) {
      const like = requestLike(request);
      const cached = broker.peek?.(like);
      return cached ? Promise.resolve(cached) : broker.forRequest(like, opts);
    },
    authenticate: (request) => broker.authenticate(requestLike(request)),
    toResponse(error, request) {
      const where = request ? requestLike(request) : {};
      const problem = rejectRequest(error, where, broker.log, broker.options.realm);
      return new Response(JSON.stringify(problem.body), { status: problem.status, headers: problem.headers });
    },
    stats: () => broker.stats(),
  };
}
