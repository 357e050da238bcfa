import {
  type AwsCredentials,
  backoffDelay,
  CredentialsError,
  clockOffset,
  type ExchangeResult,
  sdkTransport,
  type Transport,
} from '@web-identity/core';
import { type CacheEntry, type CredentialsStore, isMemoryCache, memoryCache } from './cache.js';
import { toAwsCredentials, windows } from './credentials.js';
import { toHttpProblem } from './errors.js';
import { fromBearer } from './extractors.js';
import { sha256 } from './hash.js';
import { createJwtVerifier, decodeUnverified, type JwtVerifier } from './jwt-verifier.js';
import { type Logger, safeLogger } from './logger.js';
import { Lru } from './lru.js';
import type { CredentialsBrokerOptions, RequestAws, RequestLike, VerifiedIdentity } from './types.js';

/** A request whose caller has been identified (token found and verified), before any STS call. */
export interface AuthenticatedRequest {
  /**
   * Opaque cache key: issuer + subject + audience + role (+ the source's `cacheKey(identity)`), or the token's
   * hash with `verify: false`.
   */
  readonly key: string;
  readonly identity: VerifiedIdentity;
  /** @internal the raw token, kept in memory for the source only */
  readonly token: string;
}

export interface CredentialsBroker {
  /**
   * Credentials for the caller of `req`: `null` when it carries no token and `credentialsRequired` is false.
   * Rejects with `CredentialsError` (map it with `toHttpProblem`).
   */
  forRequest(req: RequestLike, opts?: { signal?: AbortSignal }): Promise<RequestAws | null>;
  /** Step 1 of `forRequest`: find and verify the token. No STS call. */
  authenticate(req: RequestLike): Promise<AuthenticatedRequest | null>;
  /** Step 2 of `forRequest`: cached or fresh credentials for an authenticated caller. */
  credentialsFor(auth: AuthenticatedRequest, opts?: { signal?: AbortSignal }): Promise<RequestAws>;
  /**
   * @internal Synchronous fast path for the framework layers: `req.aws` when the token is in the verified-token
   * cache and the identity's credentials are in a `memoryCache()` outside the refresh windows; `undefined`
   * otherwise (then call `forRequest`, which also produces every error). Never throws, never calls STS.
   */
  peek?(req: RequestLike): RequestAws | undefined;
  /** Counters since start: exchanges made, answers served from the cache, background refreshes. */
  stats(): { exchanges: number; cacheHits: number; backgroundRefreshes: number; failures: number };
  readonly options: Readonly<CredentialsBrokerOptions>;
  /** @internal redacted logger for the framework layers */
  readonly log: Logger;
}

/**
 * The token is a private field behind a prototype getter, so `JSON.stringify(auth)` or a logged object never
 * shows it (cheaper per request than `Object.defineProperty` on a plain object).
 */
class Authenticated implements AuthenticatedRequest {
  readonly #token: string;
  constructor(
    readonly key: string,
    readonly identity: VerifiedIdentity,
    token: string,
  ) {
    this.#token = token;
    Object.freeze(this);
  }
  get token(): string {
    return this.#token;
  }
}

function authenticated(key: string, identity: VerifiedIdentity, token: string): AuthenticatedRequest {
  return new Authenticated(key, identity, token);
}

const README_VERIFY = 'https://github.com/web-identity/web-identity/tree/main/packages/node#security-model';
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

/** Identities whose backoff state is kept at most. */
const MAX_FAILURES = 10_000;

/**
 * The framework-neutral part: token → verified identity → per-identity cached credentials. Express, Connect and
 * Fastify layers are thin wrappers over `forRequest`.
 *
 * @example
 * const broker = createCredentialsBroker({
 *   region: 'eu-west-1',
 *   source: webIdentity({ roleArn: 'arn:aws:iam::123456789012:role/PhotoUploader' }),
 *   verify: { issuer: 'https://idp.example.com', audience: 'my-client-id' },
 * });
 * const aws = await broker.forRequest(req); // aws.credentials, aws.client(S3Client)
 */
export function createCredentialsBroker(options: CredentialsBrokerOptions): CredentialsBroker {
  if (!options?.region)
    throw new CredentialsError('Configuration', 'createCredentialsBroker needs a region.');
  if (!options.source || typeof options.source.exchange !== 'function') {
    throw new CredentialsError(
      'Configuration',
      'createCredentialsBroker needs a source (webIdentity, broker, …).',
    );
  }
  const extractor = options.token ?? fromBearer();
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
  const verifier: JwtVerifier | null =
    extractor.verify || !options.verify ? null : createJwtVerifier(options.verify);
  const tokenUse = options.verify ? (options.verify.tokenUse ?? 'id') : 'id';
  const cache: CredentialsStore = options.cache ?? memoryCache();
  const refreshBeforeExpiryMs = options.refreshBeforeExpiryMs ?? 5 * 60_000;
  const minValidityMs = options.minValidityMs ?? 60_000;
  const log = safeLogger(options.logger);
  const roleKey = `${options.cacheNamespace ?? ''}:${options.source.kind}:${(options.source as { roleArn?: unknown }).roleArn ?? ''}`;
  const sourceCacheKey = (options.source as { cacheKey?: (identity: VerifiedIdentity) => unknown }).cacheKey;
  let transport: Transport | undefined = options.transport;
  const inflight = new Map<string, Promise<CacheEntry>>();
  const backoff =
    options.retryBackoff === false
      ? null
      : { baseMs: options.retryBackoff?.baseMs ?? 1_000, maxMs: options.retryBackoff?.maxMs ?? 30_000 };
  const failures = new Lru<string, { attempt: number; until: number; error: CredentialsError }>({
    maxEntries: MAX_FAILURES,
  });
  const inBackoff = (key: string, now: number) => (failures.peek(key)?.until ?? 0) > now;
  const counters = { exchanges: 0, cacheHits: 0, backgroundRefreshes: 0, failures: 0 };
  /** Cache key per verified identity object (lives as long as the verifier keeps the object). */
  const identityKeys = new WeakMap<VerifiedIdentity, string>();

  if (options.verify === false && !extractor.verify) warnUnverified();

  async function exchange(auth: AuthenticatedRequest, signal: AbortSignal | undefined): Promise<CacheEntry> {
    const started = Date.now();
    transport ??= sdkTransport();
    let result: ExchangeResult;
    try {
      result = await options.source.exchange(auth.token, {
        region: options.region,
        claims: auth.identity.claims,
        transport,
        signal: signal ?? new AbortController().signal,
      });
    } catch (err) {
      counters.failures++;
      if (err instanceof CredentialsError && err.retryable && backoff) {
        // Back off per identity: requests during the wait get 503 + Retry-After without calling STS again.
        const attempt = (failures.get(auth.key)?.attempt ?? 0) + 1;
        // Core's backoff schedule at its upper bound: the wait is announced in Retry-After, so no jitter here.
        const delay = backoffDelay(attempt, backoff, () => 1);
        const retryAt = new Date(Date.now() + delay);
        failures.set(auth.key, {
          attempt,
          until: retryAt.getTime(),
          error: new CredentialsError(err.code, err.message, { cause: err, retryAt }),
        });
      }
      const thrown = failures.get(auth.key)?.error ?? err;
      const problem = toHttpProblem(thrown);
      log({
        level: problem.status >= 500 ? 'error' : 'warn',
        event: 'credentials.exchange_failed',
        subject: auth.identity.subject,
        issuer: auth.identity.issuer,
        code: problem.body.code,
        status: problem.status,
        message: problem.body.detail,
        durationMs: Date.now() - started,
      });
      throw thrown;
    }
    counters.exchanges++;
    failures.delete(auth.key);
    const now = Date.now();
    const offset = result.serverDate ? clockOffset(result.serverDate, now) : 0;
    const entry: CacheEntry = {
      accessKeyId: result.accessKeyId,
      secretAccessKey: result.secretAccessKey,
      sessionToken: result.sessionToken,
      expiresAt: result.expiration.getTime() - offset,
      obtainedAt: now,
      identity: {
        subject: auth.identity.subject,
        provider: auth.identity.issuer,
        ...(auth.identity.audience ? { audience: auth.identity.audience } : {}),
        ...(result.identity?.assumedRoleArn ? { assumedRoleArn: result.identity.assumedRoleArn } : {}),
        ...(result.identity?.identityId ? { identityId: result.identity.identityId } : {}),
      },
    };
    await cache.set(auth.key, entry);
    log({
      level: 'info',
      event: 'credentials.exchange',
      subject: auth.identity.subject,
      issuer: auth.identity.issuer,
      accessKeyId: entry.accessKeyId,
      durationMs: now - started,
    });
    return entry;
  }

  /** One exchange in flight per identity, shared by every caller. */
  function singleFlight(auth: AuthenticatedRequest): Promise<CacheEntry> {
    let pending = inflight.get(auth.key);
    if (!pending) {
      // Shared by every caller, so one caller going away must not abort it: no per-request signal here.
      pending = exchange(auth, undefined).finally(() => inflight.delete(auth.key));
      inflight.set(auth.key, pending);
    }
    return pending;
  }

  async function entryFor(auth: AuthenticatedRequest, signal?: AbortSignal): Promise<CacheEntry> {
    const cached = await cache.get(auth.key);
    const now = Date.now();
    if (cached && cached.expiresAt > now) {
      const { advisoryAt, mandatoryAt } = windows(cached, refreshBeforeExpiryMs, minValidityMs);
      if (now < advisoryAt) {
        counters.cacheHits++;
        return cached;
      }
      if (now < mandatoryAt) {
        counters.cacheHits++;
        if (!inflight.has(auth.key) && !inBackoff(auth.key, now)) {
          counters.backgroundRefreshes++;
          singleFlight(auth).catch(() => {}); // logged in exchange(); the current keys stay valid
        }
        return cached;
      }
    }
    void signal;
    const failed = failures.get(auth.key);
    if (failed && failed.until > now && !inflight.has(auth.key)) throw failed.error;
    return singleFlight(auth);
  }

  async function authenticate(req: RequestLike): Promise<AuthenticatedRequest | null> {
    const token = extractor.extract(req);
    if (token === null) {
      if (options.credentialsRequired === false) return null;
      throw new CredentialsError('NoIdentityToken', 'No token in the request.');
    }
    let identity: VerifiedIdentity;
    let key: string;
    if (extractor.verify) {
      identity = await extractor.verify(token, {});
    } else if (verifier) {
      identity = await verifier.verify(token);
    } else {
      identity = decodeUnverified(token, tokenUse);
      key = sha256(`token|${roleKey}|${token}`);
      return authenticated(key, identity, token);
    }
    // The verifier's token cache hands back the same (frozen) identity for a repeated token: hash once.
    let memo = identityKeys.get(identity);
    if (memo === undefined) {
      const extra = sourceCacheKey ? [sourceCacheKey(identity) ?? null] : [];
      memo = sha256(
        JSON.stringify([identity.issuer, identity.subject, identity.audience ?? '', roleKey, ...extra]),
      );
      identityKeys.set(identity, memo);
    }
    return authenticated(memo, identity, token);
  }

  function toRequestAws(auth: AuthenticatedRequest, entry: CacheEntry): RequestAws {
    let clients: Map<unknown, unknown> | undefined; // most requests never call client()
    let current = entry;
    const provider = async () => {
      if (Date.now() >= windows(current, refreshBeforeExpiryMs, minValidityMs).mandatoryAt) {
        current = await entryFor(auth);
      }
      return toAwsCredentials(current);
    };
    let credentials: AwsCredentials | undefined; // built on first read: many handlers only use client()
    return {
      get credentials() {
        credentials ??= toAwsCredentials(entry);
        return credentials;
      },
      identity: { ...entry.identity, claims: auth.identity.claims },
      provider,
      client(ClientCtor, config) {
        clients ??= new Map();
        let client = clients.get(ClientCtor);
        if (!client) {
          client = new (ClientCtor as new (c: unknown) => unknown)({
            region: options.region,
            ...config,
            credentials: provider,
          });
          clients.set(ClientCtor, client);
        }
        return client as never;
      },
    };
  }

  // Only a store that answers synchronously can be peeked at (an async store would be called twice).
  const syncCache = isMemoryCache(cache) ? cache : null;
  const peekable = syncCache !== null && !extractor.verify && verifier?.cached !== undefined;

  function peek(req: RequestLike): RequestAws | undefined {
    if (!peekable) return undefined;
    let token: string | null;
    try {
      token = extractor.extract(req);
    } catch {
      return undefined; // forRequest throws the same error, in its promise
    }
    if (token === null) return undefined;
    const identity = verifier!.cached!(token);
    if (!identity) return undefined;
    const key = identityKeys.get(identity);
    if (key === undefined) return undefined;
    const entry = syncCache!.get(key);
    if (!entry) return undefined;
    const now = Date.now();
    if (!(entry.expiresAt > now)) return undefined;
    if (now >= windows(entry, refreshBeforeExpiryMs, minValidityMs).advisoryAt) return undefined;
    counters.cacheHits++;
    return toRequestAws(authenticated(key, identity, token), entry);
  }

  async function credentialsFor(auth: AuthenticatedRequest, opts: { signal?: AbortSignal } = {}) {
    return toRequestAws(auth, await entryFor(auth, opts.signal));
  }

  return {
    options,
    log,
    authenticate,
    credentialsFor,
    peek,
    async forRequest(req, opts = {}) {
      const auth = await authenticate(req);
      return auth ? credentialsFor(auth, opts) : null;
    },
    stats: () => ({ ...counters }),
  };
}
