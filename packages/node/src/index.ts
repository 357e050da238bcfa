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
export { type AlbOidcOptions, fromAlbOidc } from './auth/alb.js';
export { createJwtVerifier } from './auth/createJwtVerifier.js';
export { anyOf, fromBearer, fromCookie, fromHeader, MAX_TOKEN_LENGTH } from './auth/extractors.js';
export { assertIdTokenShape, type JwtVerifier } from './auth/jwtVerifier.js';
export { type MemoryCache, memoryCache } from './broker/cache.js';
export { storeContext, toAwsCredentials } from './broker/credentials.js';
export {
  type AuthenticatedRequest,
  type CredentialsBroker,
  createCredentialsBroker,
} from './broker/credentialsBroker.js';
export { type RateLimiter, rateLimiter } from './broker/rateLimiter.js';
export { type BearerErrorCode, HttpCredentialsError } from './errors.js';
export {
  type CorsOptions,
  type CredentialEndpointOptions,
  credentialEndpoint,
  type NodeHandler,
  type VendedCredentials,
} from './http/endpoint.js';
export {
  type AwsCredentialsMiddlewareOptions,
  awsCredentials,
  type ConnectMiddleware,
} from './http/express.js';
export { type FastifyAwsCredentialsOptions, fastifyAwsCredentials } from './http/fastify.js';
export { type HttpProblem, toHttpProblem } from './http/problems.js';
export type { LogEvent, Logger } from './log.js';
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
export type { CacheEntry, CredentialsStore, StoreContext, StoreLock } from './store.js';
export {
  CACHE_CHANNEL,
  type CacheLookup,
  EXCHANGE_CHANNEL,
  type ExchangeTrace,
} from './telemetry/diagnostics.js';
export { consoleLogger, redact } from './telemetry/logger.js';
export type * from './types.js';
