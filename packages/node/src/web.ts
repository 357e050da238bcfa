/**
 * The fetch-standard entry: `createWebBroker(options).credentialsFor(request)` for servers written against
 * `Request`/`Response` (Next.js, Hono, SvelteKit, h3/Nitro, `Bun.serve`, `Deno.serve`, workerd), with the same
 * verification, cache, single flight, backoff and typed errors as the Express middleware. Loads without any
 * `node:` module; re-exports `@web-identity/core` (its `credentialEndpoint` source as `credentialEndpointSource`).
 *
 * @packageDocumentation
 * @module @web-identity/node/web
 */
export * from '@web-identity/core';
export { credentialEndpoint as credentialEndpointSource } from '@web-identity/core';
export { anyOf, fromBearer, fromCookie, fromHeader, MAX_TOKEN_LENGTH } from './auth/extractors.js';
export { assertIdTokenShape } from './auth/jwtVerifier.js';
export type { AuthenticatedRequest, CredentialsBroker } from './broker/brokerCore.js';
export { type MemoryCache, memoryCache } from './broker/cache.js';
export { type BearerErrorCode, HttpCredentialsError } from './errors.js';
export { type HttpProblem, toHttpProblem } from './http/problems.js';
export type { LogEvent, Logger } from './log.js';
export type { CacheEntry, CredentialsStore, StoreContext, StoreLock } from './store.js';
export {
  CACHE_CHANNEL,
  type CacheLookup,
  EXCHANGE_CHANNEL,
  type ExchangeTrace,
} from './telemetry/diagnostics.js';
export { consoleLogger, redact } from './telemetry/logger.js';
export type * from './types.js';
export { requestLike } from './web/fetchRequest.js';
export { toResponse } from './web/toResponse.js';
export { createWebBroker, type WebCredentialsBroker } from './web/webBroker.js';
