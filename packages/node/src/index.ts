/**
 * Server side: Express/Connect middleware, a Fastify plugin and a credential endpoint, per-user credentials cached and refreshed; re-exports `@web-identity/core` (its `credentialEndpoint` source as `credentialEndpointSource`).
 *
 * @packageDocumentation
 * @module @web-identity/node
 */
export * from '@web-identity/core';
// Core's `credentialEndpoint` is the browser-side source that fetches from such an endpoint; here the name is the
// server-side handler (below), so core's source is re-exported under an unambiguous name.
export { credentialEndpoint as credentialEndpointSource } from '@web-identity/core';
export { type AlbOidcOptions, fromAlbOidc } from './alb.js';
export {
  type CacheEntry,
  type CredentialsStore,
  type MemoryCache,
  memoryCache,
  type StoreContext,
  type StoreLock,
} from './cache.js';
export { storeContext, toAwsCredentials } from './credentials.js';
export {
  type AuthenticatedRequest,
  type CredentialsBroker,
  createCredentialsBroker,
} from './credentialsBroker.js';
export {
  CACHE_CHANNEL,
  type CacheLookup,
  EXCHANGE_CHANNEL,
  type ExchangeTrace,
} from './diagnostics.js';
export {
  type CorsOptions,
  type CredentialEndpointOptions,
  credentialEndpoint,
  type NodeHandler,
  type VendedCredentials,
} from './endpoint.js';
export {
  type BearerErrorCode,
  HttpCredentialsError,
  type HttpProblem,
  toHttpProblem,
} from './errors.js';
export { type AwsCredentialsMiddlewareOptions, awsCredentials, type ConnectMiddleware } from './express.js';
export { fromBearer, fromCookie, fromHeader, MAX_TOKEN_LENGTH } from './extractors.js';
export { type FastifyAwsCredentialsOptions, fastifyAwsCredentials } from './fastify.js';
export { assertIdTokenShape, createJwtVerifier, type JwtVerifier } from './jwtVerifier.js';
export { consoleLogger, type LogEvent, type Logger, redact } from './logger.js';
export { type RateLimiter, type RateLimitOptions, rateLimiter } from './rateLimiter.js';
export {
  type AssumeRoleOptions,
  type AssumeRoleSource,
  assumeRole,
  type BrokerSource,
  type BrokerSourceOptions,
  broker,
  mapStsError,
  type ServerCredentials,
} from './sources/assumeRole.js';
export type * from './types.js';
