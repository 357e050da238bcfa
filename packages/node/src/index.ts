export * from '@web-identity/core';
export { type AlbOidcOptions, fromAlbOidc } from './alb.js';
export { type AuthenticatedRequest, type CredentialsBroker, createCredentialsBroker } from './broker.js';
export {
  type BrokerSource,
  type BrokerSourceOptions,
  broker,
  mapStsError,
  type ServerCredentials,
} from './broker-source.js';
export { type CacheEntry, type CredentialsStore, type MemoryCache, memoryCache } from './cache.js';
export { toAwsCredentials } from './credentials.js';
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
export { assertIdTokenShape, createJwtVerifier, type JwtVerifier } from './jwt-verifier.js';
export { consoleLogger, type LogEvent, type Logger, redact } from './logger.js';
export { type RateLimiter, type RateLimitOptions, rateLimiter } from './rate-limit.js';
export type * from './types.js';
