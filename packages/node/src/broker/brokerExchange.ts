import { backoffDelay, CredentialsError, clockOffset, type ExchangeResult } from '@web-identity/core';
import { summarizeError } from '../errors.js';
import { Lru } from '../lru.js';
import type { CacheEntry, StoreLock } from '../store.js';
import { traceExchange } from '../telemetry/diagnostics.js';
import { failureLevel } from '../telemetry/logger.js';
import type { BrokerExchangeContext } from '../types.js';
import type { AuthenticatedRequest } from './authenticate.js';
import type { BrokerConfig } from './brokerConfig.js';

/** Identities whose backoff state is kept at most. */
const MAX_FAILURES = 10_000;

export interface BrokerCounters {
  exchanges: number;
  cacheHits: number;
  backgroundRefreshes: number;
  failures: number;
}

interface Failure {
  attempt: number;
  until: number;
  error: CredentialsError;
}

export interface Exchanger {
  /**
   * One exchange in flight per identity, shared by every caller; the result is written to the cache.
   * `trigger` only labels the trace: `background` for a refresh inside the advisory window.
   */
  singleFlight(auth: AuthenticatedRequest, trigger?: 'request' | 'background'): Promise<CacheEntry>;
  isInFlight(key: string): boolean;
  /** The error to answer with while an identity backs off after a retryable failure (no STS call). */
  backingOff(key: string, now: number): CredentialsError | undefined;
}

/** The cache entry for an exchange result, its expiry moved onto the local clock. */
function toEntry(auth: AuthenticatedRequest, result: ExchangeResult, now: number): CacheEntry {
  const offset = result.serverDate ? clockOffset(result.serverDate, now) : 0;
  return {
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
}

/** What the source's `exchange` gets: core's context plus the identity the cache key was made from. */
function exchangeContext(config: BrokerConfig, auth: AuthenticatedRequest): BrokerExchangeContext {
  config.transport ??= config.defaultTransport();
  return {
    region: config.options.region,
    claims: auth.identity.claims,
    // `assumeRole` builds its session from this identity, so the session and the key cannot disagree.
    identity: auth.identity,
    transport: config.transport,
    // Shared by every caller, so one caller going away must not abort it.
    signal: new AbortController().signal,
  };
}

/**
 * Exchanges a caller's token through the source, with a per-identity single flight and, after a retryable
 * failure, a per-identity backoff on core's schedule (requests meanwhile get 503 + Retry-After, no STS call).
 *
 * @example
 * const entry = await createExchanger(config, counters).singleFlight(auth);
 */
export function createExchanger(config: BrokerConfig, counters: BrokerCounters): Exchanger {
  const { options, log } = config;
  const inflight = new Map<string, Promise<CacheEntry>>();
  const failures = new Lru<string, Failure>({ maxEntries: MAX_FAILURES });

  function recordFailure(auth: AuthenticatedRequest, err: unknown, started: number): unknown {
    counters.failures++;
    if (err instanceof CredentialsError && err.retryable && config.backoff) {
      const attempt = (failures.get(auth.key)?.attempt ?? 0) + 1;
      // Core's backoff schedule at its upper bound: the wait is announced in Retry-After, so no jitter here.
      const retryAt = new Date(Date.now() + backoffDelay(attempt, config.backoff, () => 1));
      failures.set(auth.key, {
        attempt,
        until: retryAt.getTime(),
        error: new CredentialsError(err.code, err.message, { cause: err, retryAt }),
      });
    }
    const thrown = failures.get(auth.key)?.error ?? err;
    const { code, message } = summarizeError(thrown);
    log({
      level: failureLevel(code),
      event: 'credentials.exchange_failed',
      subject: auth.identity.subject,
      issuer: auth.identity.issuer,
      code,
      message,
      durationMs: Date.now() - started,
    });
    return thrown;
  }

  async function exchange(auth: AuthenticatedRequest): Promise<CacheEntry> {
    const started = Date.now();
    let result: ExchangeResult;
    try {
      result = await options.source.exchange(auth.token, exchangeContext(config, auth));
    } catch (err) {
      throw recordFailure(auth, err, started);
    }
    counters.exchanges++;
    failures.delete(auth.key);
    const now = Date.now();
    const entry = toEntry(auth, result, now);
    await config.cache.set(auth.key, entry, config.storeContext);
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

  const traced = (auth: AuthenticatedRequest, trigger: 'request' | 'background') => {
    const trace = () => ({ source: String(options.source.kind), region: options.region, trigger });
    return traceExchange(trace, () => exchange(auth));
  };

  /** A store's fleet lock, never a reason to fail: a store that throws means "exchange directly". */
  async function lockFor(auth: AuthenticatedRequest, trigger: 'request' | 'background'): Promise<StoreLock> {
    const { storeContext, freshness } = config;
    // A peer's entry must be fresh enough for what this flight is for: before the advisory window for a
    // background refresh, usable (before the mandatory window) for a caller who has nothing.
    const usable =
      trigger === 'background'
        ? (entry: CacheEntry) => freshness(entry, Date.now()) === 'fresh'
        : (entry: CacheEntry) => freshness(entry, Date.now()) !== 'expired';
    try {
      return await (config.cache.lock as NonNullable<typeof config.cache.lock>)(auth.key, {
        usable,
        context: storeContext,
      });
    } catch {
      return { release() {} };
    }
  }

  /** The store's fleet-wide single flight around the exchange, when the store has one. */
  async function fleetFlight(auth: AuthenticatedRequest, trigger: 'request' | 'background') {
    const lock = await lockFor(auth, trigger);
    if (lock.entry) return lock.entry; // a peer exchanged meanwhile
    try {
      return await traced(auth, trigger);
    } finally {
      try {
        await lock.release();
      } catch {
        // the lock expires on its own
      }
    }
  }

  return {
    singleFlight(auth, trigger = 'request') {
      let pending = inflight.get(auth.key);
      if (!pending) {
        pending = (config.cache.lock ? fleetFlight(auth, trigger) : traced(auth, trigger)).finally(() =>
          inflight.delete(auth.key),
        );
        inflight.set(auth.key, pending);
      }
      return pending;
    },
    isInFlight: (key) => inflight.has(key),
    backingOff(key, now) {
      const failed = failures.get(key);
      return failed && failed.until > now ? failed.error : undefined;
    },
  };
}
