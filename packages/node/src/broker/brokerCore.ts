import type { Logger } from '../log.js';
import type { CacheEntry } from '../store.js';
import { publishLookup } from '../telemetry/diagnostics.js';
import type { CredentialsBrokerOptions, RequestAws, RequestLike } from '../types.js';
import { type AuthenticatedRequest, authenticated, createAuthenticator } from './authenticate.js';
import { type BrokerRuntime, brokerConfig } from './brokerConfig.js';
import { type BrokerCounters, createExchanger } from './brokerExchange.js';
import { heldEntries } from './cache.js';
import { toRequestAws } from './requestAws.js';

export type { AuthenticatedRequest } from './authenticate.js';

/**
 * A shared store's entry must name the caller (issuer + subject): the key already says so, this is the second
 * lock on the door against ever answering with another user's credentials.
 */
function sameIdentity(entry: CacheEntry, auth: AuthenticatedRequest): boolean {
  return entry.identity.subject === auth.identity.subject && entry.identity.provider === auth.identity.issuer;
}

/** Verifies tokens and hands out per-identity credentials, cached and refreshed: what the middleware, the Fastify plugin and the credential endpoint share. */
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
 * The framework-neutral part: token → verified identity → per-identity cached credentials, with the runtime's
 * SHA-256 and default transport handed in so nothing here imports a `node:` module. `createCredentialsBroker` (Node) and
 * the fetch-standard entry (`web/`) build on it. Express, Connect and Fastify layers are thin wrappers over `forRequest`. Options are checked in `brokerConfig.ts`, tokens in
 * `authenticate.ts`, exchanges and backoff in `brokerExchange.ts`; this file decides cache hit, background
 * refresh or exchange (core's timing windows) and keeps the synchronous fast path.
 *
 * @example
 * const broker = createBrokerCore({
 *   region: 'eu-west-1',
 *   source: webIdentity({ roleArn: 'arn:aws:iam::123456789012:role/PhotoUploader' }),
 *   verify: { issuer: 'https://idp.example.com', audience: 'my-client-id' },
 * }, { digest: webSha256, transport: (source) => source.transport ?? sdkTransport() });
 * const aws = await broker.forRequest(req); // aws.credentials, aws.client(S3Client)
 */
export function createBrokerCore(given: CredentialsBrokerOptions, runtime: BrokerRuntime): CredentialsBroker {
  const config = brokerConfig(given, runtime);
  const { options } = config;
  const { cache, extractor, verifier, freshness, storeContext } = config;
  const counters: BrokerCounters = { exchanges: 0, cacheHits: 0, backgroundRefreshes: 0, failures: 0 };
  const exchanger = createExchanger(config, counters);
  const authenticator = createAuthenticator(config);

  const store = cache.name ?? 'custom';

  const heldEntry = heldEntries(cache);

  /**
   * Cache hit, background refresh or exchange: the entry is judged once, at `at` when the caller has judged
   * already (`req.aws.provider`), else when the store has answered.
   */
  async function entryFor(auth: AuthenticatedRequest, at?: number): Promise<CacheEntry> {
    const cached = heldEntry ? heldEntry(auth.key) : await cache.get(auth.key, storeContext);
    const now = at ?? Date.now();
    const judged = cached && sameIdentity(cached, auth) ? freshness(cached, now) : 'expired';
    if (judged !== 'expired') {
      counters.cacheHits++;
      publishLookup(judged === 'fresh' ? 'hit' : 'stale', store);
      // Inside the advisory window: the current keys stay valid, one background refresh starts.
      if (judged === 'stale' && !exchanger.isInFlight(auth.key) && !exchanger.backingOff(auth.key, now)) {
        counters.backgroundRefreshes++;
        exchanger.singleFlight(auth, 'background').catch(() => {}); // logged by the exchanger
      }
      return cached!;
    }
    publishLookup('miss', store);
    const failed = exchanger.backingOff(auth.key, now);
    if (failed && !exchanger.isInFlight(auth.key)) throw failed;
    return exchanger.singleFlight(auth);
  }

  const requestAwsContext = { region: options.region, freshness, refresh: entryFor };
  const requestAws = (auth: AuthenticatedRequest, entry: CacheEntry) =>
    toRequestAws(auth, entry, requestAwsContext);

  // Only a store that answers synchronously can be peeked at (an async store would be called twice): the
  // memory cache itself, or a shared store's own per-process memory layer (`peek`).
  const syncCache: ((key: string) => CacheEntry | undefined) | null =
    heldEntry ?? (cache.peek ? cache.peek.bind(cache) : null);
  const cachedIdentity = !extractor.verify ? verifier?.cached?.bind(verifier) : undefined;

  function peek(req: RequestLike): RequestAws | undefined {
    if (!syncCache || !cachedIdentity) return undefined;
    let token: string | null;
    try {
      token = extractor.candidate ? extractor.candidate(req) : extractor.extract(req);
    } catch {
      return undefined; // forRequest throws the same error, in its promise
    }
    const identity = token === null ? undefined : cachedIdentity(token);
    const key = identity && authenticator.keyOf(identity);
    const entry = key === undefined ? undefined : syncCache(key);
    if (!entry || freshness(entry, Date.now()) !== 'fresh') return undefined;
    if (entry.identity.subject !== identity!.subject) return undefined;
    counters.cacheHits++;
    publishLookup('hit', store);
    return requestAws(authenticated(key!, identity!, token!), entry);
  }

  async function credentialsFor(auth: AuthenticatedRequest) {
    return requestAws(auth, await entryFor(auth));
  }

  return {
    options,
    log: config.log,
    authenticate: authenticator.authenticate,
    credentialsFor,
    peek,
    async forRequest(req) {
      const auth = await authenticator.authenticate(req);
      return auth ? credentialsFor(auth) : null;
    },
    stats: () => ({ ...counters }),
  };
}
