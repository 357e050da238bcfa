import type {
  AwsCredentials,
  CredentialsClient,
  CredentialsIdentity,
  CredentialsSource,
  ExchangeContext,
  IdTokenClaims,
  Transport,
} from '@web-identity/core';
import type { Logger } from './log.js';
import type { CredentialsStore } from './store.js';

/** The least a request must offer: Node's `IncomingMessage`, Express's `req`, Fastify's `request` all fit. */
export interface RequestLike {
  headers: Record<string, string | string[] | undefined>;
  method?: string | undefined;
  url?: string | undefined;
}

/** Claims of a verified (or, with `verify: false`, decoded) token: core's `IdTokenClaims`, one type. */
export type TokenClaims = IdTokenClaims;

/** Who the request is from, after verification. Handed to `sessionPolicy(identity)` and friends. */
export interface VerifiedIdentity {
  subject: string;
  /** The token's `iss` (for ALB: the IdP the ALB signed in with). */
  issuer: string;
  audience?: string;
  claims: TokenClaims;
  /** `true` when verification was turned off (`verify: false`). */
  unverified?: boolean;
}

/**
 * What a broker hands a source's `exchange`: core's context plus the verified identity the request's cache key
 * was made from (its matched audience included), so a source that builds the session from the identity
 * (`assumeRole`) uses the very identity the key names. A source called outside a broker gets no `identity`.
 */
export interface BrokerExchangeContext extends ExchangeContext {
  /** The verified identity of the caller, as the cache key names it. */
  readonly identity?: VerifiedIdentity;
}

/** Finds the caller's token in a request. `fromAlbOidc()` also verifies it (the ALB's own signature). */
export interface TokenExtractor {
  readonly kind: 'bearer' | 'cookie' | 'header' | 'alb-oidc' | (string & {});
  /** The raw token, or `null` when the request carries none. Throws `invalid_request` for a malformed one. */
  extract(req: RequestLike): string | null;
  /**
   * @internal The token as `extract` would return it from a well-formed request, without checking it: used only
   * to look it up among tokens already verified (a hit proves this exact string passed `extract` and `verify`).
   */
  candidate?(req: RequestLike): string | null;
  /** Present when the token is not an OIDC token the `verify` options apply to (the ALB's header). */
  verify?(token: string, opts: { signal?: AbortSignal }): Promise<VerifiedIdentity>;
}

/** Local verification of the caller's OIDC token before any STS call. */
export interface VerifyOptions {
  /** Expected `iss`, e.g. `https://accounts.example.com`. Discovery (`/.well-known/openid-configuration`) finds the JWKS. */
  issuer: string;
  /** Expected `aud` (your OIDC client id). One of them must match; `identity.audience` is the one that did. */
  audience: string | string[];
  /** Default `['RS256', 'ES256', 'PS256', 'EdDSA', 'RS384', 'RS512', 'ES384', 'ES512', 'PS384', 'PS512']`; never `none`. */
  algorithms?: string[];
  /** Default 5 s. */
  clockToleranceSec?: number;
  /** Skip discovery and use this JWKS URL. */
  jwksUri?: string;
  /** `'id'` (default): only ID tokens (what STS accepts). `'any'`: access tokens too (for `assumeRole()` sources). */
  tokenUse?: 'id' | 'any';
  /** Timeout of each JWKS/discovery fetch. Default 5 s. */
  timeoutMs?: number;
  /**
   * Minimum time between JWKS re-fetches on an unknown `kid`, and how long a failed discovery/JWKS fetch is
   * remembered (no new fetch meanwhile). With no key set loaded, requests meanwhile get 503 + `Retry-After`;
   * with one loaded, only tokens whose `kid` it lacks are refused (401), the others verify. Default 30 s.
   */
  cooldownMs?: number;
  /** Maximum age of the cached JWKS. Default 10 min. */
  cacheMaxAgeMs?: number;
  /**
   * Verified-token cache: a token seen again within its lifetime skips the signature check. Keyed by the
   * token's SHA-256; an entry lives until the token would be refused as expired (`exp` + `clockToleranceSec`)
   * and at most `maxAgeMs`; not flushed on key rotation (entries are short-lived, see README "Verification").
   * Default `{ maxEntries: 10_000, maxBytes: 16 MiB, maxAgeMs: 300_000 }` (LRU; an entry is estimated at the
   * token's length + 512 bytes); `maxEntries: 0` turns it off.
   */
  tokenCache?: { maxEntries?: number; maxBytes?: number; maxAgeMs?: number };
}

/** What handlers get as `req.aws`. */
export interface RequestAws {
  /** Valid for at least `minValidityMs`; redacts itself in logs and JSON. */
  readonly credentials: AwsCredentials;
  readonly identity: CredentialsIdentity & { claims?: TokenClaims };
  /** Re-usable across a long handler: returns refreshed keys when these near expiry. */
  readonly provider: CredentialsClient['provider'];
  /** `new ClientCtor({ region, ...config, credentials: provider })`, memoised per constructor for this request. */
  client<C>(ClientCtor: new (config: never) => C, config?: Record<string, unknown>): C;
}

/** Options shared by the middleware, the Fastify plugin and the credential endpoint: source, verification, cache, region. */
export interface CredentialsBrokerOptions {
  /**
   * AWS region for the source and for `req.aws.client()`. Default, as the AWS SDKs do: `AWS_REGION`, then
   * `AWS_DEFAULT_REGION`, then the source's own region (`webIdentity({ region })`, a Cognito pool id's region);
   * with none of these, a `Configuration` error.
   */
  region?: string;
  /** `webIdentity(...)`, `cognitoIdentityPool(...)` from core, or `assumeRole(...)` from this package. */
  source: CredentialsSource;
  /** Where the token is. Default `fromBearer()`. */
  token?: TokenExtractor;
  /**
   * Local verification of the OIDC token. Required unless the extractor verifies (`fromAlbOidc`);
   * turning it off must be explicit (`verify: false`): the cache is then keyed by the token's hash.
   */
  verify?: VerifyOptions | false;
  /** Per-identity credentials cache. Default `memoryCache({ maxEntries: 10_000 })`. */
  cache?: CredentialsStore;
  /**
   * Prefix for cache keys. Brokers whose sources differ in scope (role, pool, session policy, tags) never share
   * entries anyway; set one to keep two apps apart in one store even where their sources agree.
   */
  cacheNamespace?: string;
  /** Advisory window: refresh in the background this long before expiry. Default 5 min. */
  refreshBeforeExpiryMs?: number;
  /** Mandatory window: never hand out keys with less than this left. Default 1 min. */
  minValidityMs?: number;
  /**
   * After a retryable failure (throttling, 5xx, network) an identity's next exchange waits `baseMs`, doubling up
   * to `maxMs`; requests meanwhile get 503 with `Retry-After` and cost no STS call. Default 1 s … 30 s.
   */
  retryBackoff?: { baseMs?: number; maxMs?: number } | false;
  /** `false`: requests without a token pass through with `req.aws = null`. Default `true`. */
  credentialsRequired?: boolean;
  /** Transport for core's sources. Default: core's default. */
  transport?: Transport;
  /** Receives redacted events only. Default: silent. */
  logger?: Logger;
  /** `realm` of the `WWW-Authenticate` challenge. Default `aws`. */
  realm?: string;
  /** Per-identity rate limit for `credentialEndpoint()`. */
  rateLimit?: RateLimitOptions | false;
}

/** Per-identity limit for the credential endpoint: `limit` requests per `windowMs`. */
export interface RateLimitOptions {
  /** Default 30. */
  limit?: number;
  /** Default 60 s. */
  windowMs?: number;
  /** Identities tracked at most (LRU). Default 10,000. */
  maxEntries?: number;
}
