import type { AwsCredentials } from '@web-identity/core';
import type { CacheEntry } from '../store.js';
import type { RequestAws } from '../types.js';
import type { AuthenticatedRequest } from './authenticate.js';
import { toAwsCredentials } from './credentials.js';
import type { FreshnessJudge } from './freshness.js';

/** What `req.aws` needs from its broker: the region, when to refresh, and how. */
export interface RequestAwsContext {
  readonly region: string;
  /** The broker's one freshness rule. */
  readonly freshness: FreshnessJudge;
  /** The broker's look-up, judging what it finds at `at` (the provider's own instant), not at a second one. */
  refresh(auth: AuthenticatedRequest, at: number): Promise<CacheEntry>;
}

type ClientCtor = new (config: never) => unknown;

/**
 * `req.aws` for one request. Everything is built on first read (many handlers only read the identity, or only
 * call `client()`), so a request costs one small object until the handler asks for more.
 */
class LazyRequestAws implements RequestAws {
  #credentials: AwsCredentials | undefined;
  #identity: RequestAws['identity'] | undefined;
  #provider: RequestAws['provider'] | undefined;
  #clients: Map<unknown, unknown> | undefined;

  // Private fields: `inspect(req.aws)` and `JSON.stringify` never reach the cache entry and its secret.
  readonly #auth: AuthenticatedRequest;
  readonly #entry: CacheEntry;
  readonly #ctx: RequestAwsContext;

  constructor(auth: AuthenticatedRequest, entry: CacheEntry, ctx: RequestAwsContext) {
    this.#auth = auth;
    this.#entry = entry;
    this.#ctx = ctx;
  }

  get credentials(): AwsCredentials {
    this.#credentials ??= toAwsCredentials(this.#entry);
    return this.#credentials;
  }

  get identity(): RequestAws['identity'] {
    this.#identity ??= { ...this.#entry.identity, claims: this.#auth.identity.claims };
    return this.#identity;
  }

  /** Re-usable across a long handler: returns refreshed keys once these enter the mandatory window. */
  get provider(): RequestAws['provider'] {
    if (!this.#provider) {
      let current = this.#entry;
      const auth = this.#auth;
      const ctx = this.#ctx;
      this.#provider = async () => {
        // One judgement per call: the look-up it triggers judges the store's answer at this same instant, so
        // keys judged past their mandatory window here are never handed back by it.
        const now = Date.now();
        if (ctx.freshness(current, now) === 'expired') current = await ctx.refresh(auth, now);
        return toAwsCredentials(current);
      };
    }
    return this.#provider;
  }

  client<C>(Ctor: new (config: never) => C, config?: Record<string, unknown>): C {
    this.#clients ??= new Map();
    let client = this.#clients.get(Ctor);
    if (!client) {
      client = new (Ctor as ClientCtor as new (c: unknown) => unknown)({
        region: this.#ctx.region,
        ...config,
        credentials: this.provider,
      });
      this.#clients.set(Ctor, client);
    }
    return client as C;
  }

  /** As a plain object would serialise: the identity, and credentials that redact themselves. */
  toJSON(): unknown {
    return { credentials: this.credentials, identity: this.identity };
  }

  /** `console.log(req.aws)` shows the same redacted view. */
  [Symbol.for('nodejs.util.inspect.custom')](): unknown {
    return this.toJSON();
  }
}

/**
 * `req.aws` for one request: the credentials, the identity, a provider that refreshes near expiry, and
 * memoised SDK clients (`new Ctor({ region, ...config, credentials: provider })`).
 *
 * @example
 * const aws = toRequestAws(auth, entry, { region, freshness, refresh: entryFor });
 * await aws.client(S3Client).send(cmd);
 */
export function toRequestAws(
  auth: AuthenticatedRequest,
  entry: CacheEntry,
  ctx: RequestAwsContext,
): RequestAws {
  return new LazyRequestAws(auth, entry, ctx);
}
