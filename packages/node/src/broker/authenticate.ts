import { CredentialsError } from '@web-identity/core';
import { decodeUnverified } from '../auth/jwtVerifier.js';
import type { RequestLike, VerifiedIdentity } from '../types.js';
import type { BrokerConfig } from './brokerConfig.js';

/** A request whose caller has been identified (token found and verified), before any STS call. */
export interface AuthenticatedRequest {
  /**
   * Opaque cache key: the source's scope + the caller's issuer, subject and matched audience (+ what the source
   * adds per identity), and with `verify: false` the token's hash too (`cacheKey.ts`).
   */
  readonly key: string;
  readonly identity: VerifiedIdentity;
  /** @internal the raw token, kept in memory for the source only */
  readonly token: string;
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

export function authenticated(key: string, identity: VerifiedIdentity, token: string): AuthenticatedRequest {
  return new Authenticated(key, identity, token);
}

export interface Authenticator {
  /** Finds and verifies the token; `null` when there is none and `credentialsRequired` is false. No STS call. */
  authenticate(req: RequestLike): Promise<AuthenticatedRequest | null>;
  /** The cache key already computed for a verified identity object, if any (the synchronous fast path). */
  keyOf(identity: VerifiedIdentity): string | undefined;
}

/**
 * Token → verified identity → cache key. A verifier hands back the same frozen identity for a repeated token,
 * so the key is hashed once per identity object.
 *
 * @example
 * const auth = await createAuthenticator(config).authenticate(req); // auth.key, auth.identity
 */
export function createAuthenticator(config: BrokerConfig): Authenticator {
  const { extractor, verifier, options } = config;
  /** Cache key per verified identity object (lives as long as the verifier keeps the object). */
  const identityKeys = new WeakMap<VerifiedIdentity, string>();

  /** Hashes the key of an identity seen for the first time (awaited only when the digest is WebCrypto's). */
  async function newKey(identity: VerifiedIdentity): Promise<string> {
    const key = config.keys.keyOf(identity);
    const memo = typeof key === 'string' ? key : await key;
    identityKeys.set(identity, memo);
    return memo;
  }

  return {
    keyOf: (identity) => identityKeys.get(identity),
    async authenticate(req) {
      const token = extractor.extract(req);
      if (token === null) {
        if (options.credentialsRequired === false) return null;
        throw new CredentialsError('NoIdentityToken', 'No token in the request.');
      }
      let identity: VerifiedIdentity;
      if (extractor.verify) identity = await extractor.verify(token, {});
      else if (verifier) identity = await verifier.verify(token);
      else {
        // verify: false (only with a source that forwards the token to AWS): keyed by the token itself too.
        identity = decodeUnverified(token, config.tokenUse);
        const key = await config.keys.keyOf(identity, await config.digest(token));
        return authenticated(key, identity, token);
      }
      return authenticated(identityKeys.get(identity) ?? (await newKey(identity)), identity, token);
    },
  };
}
