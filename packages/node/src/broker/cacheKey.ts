import {
  type CredentialsSource,
  type ScopeOf,
  scopeKeyInput,
  sourceScope,
  type TokenIdentity,
} from '@web-identity/core';
import { callerIdentity } from '../auth/callerIdentity.js';
import type { Digest } from '../digest.js';
import type { CredentialsStore } from '../store.js';
import type { VerifiedIdentity } from '../types.js';
import { isMemoryCache } from './cache.js';

export const README_CACHE =
  'https://github.com/web-identity/web-identity/tree/main/packages/node#caching-and-refresh';

/** Core's `TokenIdentity` of a (caller) identity: issuer, subject, matched audience. */
function tokenIdentityOf(caller: VerifiedIdentity): TokenIdentity {
  return { issuer: caller.issuer, subject: caller.subject, audience: caller.audience ?? null };
}

/** A scope of its own for each scope-less source object (a custom source): never equal to another's. */
const ownScopes = new WeakMap<object, string>();

/**
 * The scope a broker keys its cache with: the source's `scope` (core's `sourceScope`), or — for a source that
 * names none — a random id of this source object, so its entries are shared with no other source, broker
 * process or fleet member (never a key from a property a source may not have, such as `roleArn`).
 */
function scopeOfSource(source: CredentialsSource): { scope: string; named: boolean } {
  const named = sourceScope(source);
  if (named !== undefined) return { scope: named, named: true };
  let own = ownScopes.get(source);
  if (own === undefined) {
    own = JSON.stringify(['unscoped', String(source.kind), crypto.randomUUID()]);
    ownScopes.set(source, own);
  }
  return { scope: own, named: false };
}

/** `NODE_ENV` where the runtime has `process.env`; `undefined` elsewhere (workerd, a browser-like runtime). */
function nodeEnv(): string | undefined {
  return (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.NODE_ENV;
}

/** Brokers per store, and whether one of them has a scope-less source (for the warning below). */
const storeUsers = new WeakMap<CredentialsStore, { brokers: number; unscoped: boolean }>();
let warnedUnscoped = false;

/**
 * Once per process, in development: a scope-less source's entries are its own, so a store shared with another
 * broker or process (Redis, one `memoryCache()` passed to two brokers) shares nothing for it. Safe, but the
 * fleet's single exchange per user is lost: set `scope` on the source.
 */
function noteStoreUser(store: CredentialsStore, source: CredentialsSource, named: boolean): void {
  const users = storeUsers.get(store) ?? { brokers: 0, unscoped: false };
  users.brokers++;
  users.unscoped ||= !named;
  storeUsers.set(store, users);
  const shared = !isMemoryCache(store) || users.brokers > 1;
  if (!shared || !users.unscoped || warnedUnscoped || nodeEnv() === 'production') return;
  warnedUnscoped = true;
  console.warn(
    `[@web-identity/node] A source without a scope (${String(source.kind).slice(0, 40)}) uses a shared cache ` +
      'store: its entries are keyed by that source object alone, so no other broker or process reads them. ' +
      'Set `scope` on the source (a string naming everything that changes which keys AWS hands out for one ' +
      `token: role, policy, tags, duration, region, endpoint) to share them. See ${README_CACHE}`,
  );
}

/** Makes a broker's cache keys: `scopeKeyInput(scope, caller, per-identity extras)` and its namespace, hashed. */
export interface CacheKeyer {
  /**
   * The key of a verified identity; `tokenHash` (`verify: false`) keys it by the token too. A promise with the
   * fetch-standard entry's WebCrypto digest; a string on Node.
   */
  keyOf(identity: VerifiedIdentity, tokenHash?: string): string | Promise<string>;
}

/**
 * The broker's one cache-key rule. The key is a hash of `[cacheNamespace, scopeKeyInput({ region, scope },
 * { issuer, subject, matched audience }, extra)]`, where `extra` is what the source adds per identity
 * (`scopeFor(caller)`, e.g. `assumeRole`'s session policy and tags; for an older source without it, its
 * `cacheKey(caller)`), and, with `verify: false`, the token's hash. Redis key names are an HMAC of this key.
 *
 * @example
 * const key = cacheKeyer({ region, source, cache }).keyOf(identity);
 */
export function cacheKeyer(options: {
  region: string;
  source: CredentialsSource;
  cache: CredentialsStore;
  cacheNamespace?: string | undefined;
  digest: Digest;
}): CacheKeyer {
  const { source } = options;
  const { scope, named } = scopeOfSource(source);
  noteStoreUser(options.cache, source, named);
  const where: ScopeOf = { region: options.region, scope };
  const legacy = source as { cacheKey?: (identity: VerifiedIdentity) => unknown };
  const perIdentity: ((caller: VerifiedIdentity) => unknown) | undefined = source.scopeFor
    ? (caller) => source.scopeFor!(caller)
    : legacy.cacheKey
      ? (caller) => legacy.cacheKey!(caller)
      : undefined;
  const namespace = options.cacheNamespace ?? '';
  return {
    keyOf(identity, tokenHash) {
      const caller = callerIdentity(identity);
      const extra = perIdentity ? (perIdentity(caller) ?? null) : null;
      const input = scopeKeyInput(
        where,
        tokenIdentityOf(caller),
        tokenHash === undefined ? extra : [extra, 'token', tokenHash],
      );
      return options.digest(JSON.stringify([namespace, input]));
    },
  };
}
