import { CredentialsError, type CredentialsSource, type Transport } from '@web-identity/core';
import { fromBearer } from '../auth/extractors.js';
import { createVerifier, type JwtVerifier } from '../auth/jwtVerifier.js';
import type { Digest } from '../digest.js';
import type { Logger } from '../log.js';
import type { CredentialsStore, StoreContext } from '../store.js';
import { safeLogger } from '../telemetry/logger.js';
import type { CredentialsBrokerOptions, TokenExtractor } from '../types.js';
import { memoryCache } from './cache.js';
import { type CacheKeyer, cacheKeyer } from './cacheKey.js';
import { storeContext } from './credentials.js';
import { type FreshnessJudge, freshnessJudge } from './freshness.js';

export const README_VERIFY =
  'https://github.com/web-identity/web-identity/tree/main/packages/node#security-model';

/** What differs between the Node entry and the fetch-standard one: the SHA-256 and the default transport. */
export interface BrokerRuntime {
  /** Node: `node:crypto`'s synchronous hash; the web entry: WebCrypto's (a promise). */
  readonly digest: Digest;
  /**
   * The transport when `options.transport` names none. Node: the AWS SDK's (`sdkTransport()`, its retries and
   * middleware); the web entry: the source's own (`fetch`), so no SDK is loaded on an edge runtime.
   */
  transport(source: CredentialsSource): Transport;
}

/** A broker's options, checked once and resolved to their defaults. */
export interface BrokerConfig {
  /** The options as given, with `region` resolved (`resolveRegion`). */
  readonly options: Readonly<CredentialsBrokerOptions & { region: string }>;
  /** SHA-256 as base64url: Node's synchronous one, or WebCrypto's (a promise) in the fetch-standard entry. */
  readonly digest: Digest;
  readonly extractor: TokenExtractor;
  /** `null` when the extractor verifies itself or with `verify: false`. */
  readonly verifier: JwtVerifier | null;
  readonly tokenUse: 'id' | 'any';
  readonly cache: CredentialsStore;
  /** Handed to every store call: the broker's windows and logger. */
  readonly storeContext: StoreContext;
  readonly refreshBeforeExpiryMs: number;
  readonly minValidityMs: number;
  /** The one freshness rule every read judges its entry by (`freshness.ts`). */
  readonly freshness: FreshnessJudge;
  readonly log: Logger;
  /** The one cache-key rule: namespace + the source's scope + the caller's identity (see `cacheKey.ts`). */
  readonly keys: CacheKeyer;
  /** `null` when `retryBackoff: false`. */
  readonly backoff: { baseMs: number; maxMs: number } | null;
  transport: Transport | undefined;
  /** The transport to use when `transport` is unset (made on the first exchange). */
  readonly defaultTransport: () => Transport;
}

let warnedUnverified = false;

/**
 * Once per process, in production too: with `verify: false` nothing here checks the token; AWS does, when the
 * source forwards it (the only case allowed).
 */
function warnUnverified(): void {
  if (warnedUnverified) return;
  warnedUnverified = true;
  console.warn(
    '[@web-identity/node] verify: false — this server does not verify tokens; AWS verifies each one when the ' +
      'source sends it (webIdentity, cognitoIdentityPool). Claims read here are unverified; the cache is keyed ' +
      `by the token's hash. Only use this behind a proxy that already verified the token. See ${README_VERIFY}`,
  );
}

/** Reads an environment variable where the runtime has `process.env` (Node, Bun, Deno); `undefined` elsewhere. */
function env(name: string): string | undefined {
  const value = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[
    name
  ];
  return value || undefined;
}

/**
 * The broker's region, as the AWS SDKs find theirs: the `region` option, else `AWS_REGION`, else
 * `AWS_DEFAULT_REGION`, else the source's own region (`webIdentity({ region })`, a Cognito pool id's region).
 */
export function resolveRegion(options: CredentialsBrokerOptions): string | undefined {
  return (
    options.region || env('AWS_REGION') || env('AWS_DEFAULT_REGION') || options.source?.region || undefined
  );
}

/** Throws `Configuration` for what can never work: no region, no source, no verification decision, forgery. */
function checkOptions(options: CredentialsBrokerOptions, extractor: TokenExtractor): void {
  if (!options?.region) {
    throw new CredentialsError(
      'Configuration',
      'createCredentialsBroker needs a region: pass region, set AWS_REGION, or use a source that names one.',
    );
  }
  if (!options.source || typeof options.source.exchange !== 'function') {
    throw new CredentialsError(
      'Configuration',
      'createCredentialsBroker needs a source (webIdentity, assumeRole, …).',
    );
  }
  if (options.verify === undefined && !extractor.verify) {
    throw new CredentialsError(
      'Configuration',
      'Pass verify: { issuer, audience } so tokens are checked before any STS call, or verify: false explicitly.',
    );
  }
  if (options.verify === false && !extractor.verify && options.source.forwardsToken !== true) {
    throw new CredentialsError(
      'Configuration',
      `verify: false is refused with the ${String(options.source.kind).slice(0, 40)} source: it never sends the token to AWS, so unverified claims would choose whose credentials are minted. Pass verify: { issuer, audience }. See ${README_VERIFY}`,
    );
  }
}

/**
 * Checks `options` and fills in the defaults (memory cache, 5 min / 1 min windows, 1 s … 30 s backoff).
 *
 * @example
 * const config = brokerConfig({ region, source, verify: { issuer, audience } });
 */
export function brokerConfig(given: CredentialsBrokerOptions, runtime: BrokerRuntime): BrokerConfig {
  const { digest } = runtime;
  const region = given ? resolveRegion(given) : undefined;
  const options: CredentialsBrokerOptions & { region: string } = { ...given, region: region! };
  const extractor = options.token ?? fromBearer();
  checkOptions(options, extractor);
  if (options.verify === false && !extractor.verify) warnUnverified();
  const refreshBeforeExpiryMs = options.refreshBeforeExpiryMs ?? 5 * 60_000;
  const minValidityMs = options.minValidityMs ?? 60_000;
  const log = safeLogger(options.logger);
  const cache = options.cache ?? memoryCache();
  return {
    options,
    digest,
    extractor,
    verifier: extractor.verify || !options.verify ? null : createVerifier(options.verify, digest),
    tokenUse: options.verify ? (options.verify.tokenUse ?? 'id') : 'id',
    cache,
    storeContext: storeContext({ refreshBeforeExpiryMs, minValidityMs, log }),
    refreshBeforeExpiryMs,
    minValidityMs,
    freshness: freshnessJudge(refreshBeforeExpiryMs, minValidityMs),
    log,
    keys: cacheKeyer({
      region: options.region,
      source: options.source,
      cache,
      cacheNamespace: options.cacheNamespace,
      digest,
    }),
    backoff:
      options.retryBackoff === false
        ? null
        : { baseMs: options.retryBackoff?.baseMs ?? 1_000, maxMs: options.retryBackoff?.maxMs ?? 30_000 },
    transport: options.transport,
    defaultTransport: () => runtime.transport(options.source),
  };
}
