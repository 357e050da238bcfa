import {
  audienceOf,
  CredentialsError,
  checkIdTokenShape,
  checkIssuedAt,
  type IdTokenShapeIssue,
} from '@web-identity/core';
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  errors,
  type JWTVerifyGetKey,
  jwtVerify,
} from 'jose';
import type { Digest } from '../digest.js';
import { invalidRequest, invalidToken } from '../errors.js';
import { Lru } from '../lru.js';
import type { TokenClaims, VerifiedIdentity, VerifyOptions } from '../types.js';
import { MAX_TOKEN_LENGTH } from './extractors.js';

type RemoteKeySet = ReturnType<typeof createRemoteJWKSet>;

const DEFAULT_ALGORITHMS = [
  'RS256',
  'ES256',
  'PS256',
  'EdDSA',
  'RS384',
  'RS512',
  'ES384',
  'ES512',
  'PS384',
  'PS512',
];

/** Verifies OIDC tokens locally (signature via the issuer's JWKS, `iss`, `aud`, `exp`, `nbf`, ID-token shape). */
export interface JwtVerifier {
  /** Verifies `token` (signature, issuer, audience, expiry) and answers the identity; throws a bearer error. */
  verify(token: string, opts?: { signal?: AbortSignal }): Promise<VerifiedIdentity>;
  /**
   * The identity `verify(token)` resolved to earlier, if still in the verified-token cache and not past its
   * lifetime; otherwise `undefined` (call `verify`). Synchronous, never throws, never fetches.
   */
  cached?(token: string): VerifiedIdentity | undefined;
}

function unreachable(what: string, cause: unknown): CredentialsError {
  return new CredentialsError('IdpUnreachable', `The identity provider's ${what} could not be fetched.`, {
    cause,
  });
}

const WORDING: Record<IdTokenShapeIssue['kind'], (reason: string) => string> = {
  'access-token': (reason) => `This is an access token (${reason}); an ID token is needed.`,
  'logout-token': (reason) => `This is a logout token (${reason}); an ID token is needed.`,
  'other-typ': (reason) => `This is not an ID token (${reason}); an ID token is needed.`,
  'no-aud': () => 'The token has no aud or no iat claim: it is not an ID token.',
  'no-iat': () => 'The token has no aud or no iat claim: it is not an ID token.',
  'future-iat': () => 'The token was issued in the future (iat).',
};

function rejectIssue(issue: IdTokenShapeIssue | undefined): void {
  if (issue) throw invalidToken(issue.code, WORDING[issue.kind](issue.reason));
}

/**
 * Throws `invalid_token` when the JWT is not an ID token (core's `checkIdTokenShape`: an access or logout token,
 * another `typ`, no `aud`/`iat`) or, given `nowSec`, was issued in the future. `claims: undefined` checks the
 * header alone.
 *
 * @example
 * assertIdTokenShape(decodeProtectedHeader(token), decodeJwt(token), { nowSec: Date.now() / 1000 });
 */
export function assertIdTokenShape(
  header: Record<string, unknown>,
  claims: TokenClaims | undefined,
  opts: { nowSec?: number; clockToleranceSec?: number } = {},
): void {
  rejectIssue(checkIdTokenShape(header, claims, opts));
}

/** The configured audience the token's `aud` matched (jose checked that one does). */
function matchedAudience(configured: string | string[], aud: TokenClaims['aud']): string | undefined {
  const given = Array.isArray(aud) ? aud : [aud];
  return (Array.isArray(configured) ? configured : [configured]).find((a) => given.includes(a));
}

/** Cheap structural checks before any key fetch: size, three segments, decodable header. */
function preCheck(token: string): { header: ReturnType<typeof decodeProtectedHeader> } {
  if (token.length > MAX_TOKEN_LENGTH) {
    throw invalidRequest(`The token is longer than ${MAX_TOKEN_LENGTH} characters.`);
  }
  try {
    if (token.split('.').length !== 3) throw new Error('segments');
    return { header: decodeProtectedHeader(token) };
  } catch (cause) {
    throw invalidToken('InvalidIdentityToken', 'The token is not a well-formed JWT.', cause);
  }
}

function mapJoseError(err: unknown): unknown {
  if (err instanceof CredentialsError) return err;
  if (err instanceof errors.JWTExpired) {
    return invalidToken('ExpiredIdentityToken', 'The token has expired.', err);
  }
  if (err instanceof errors.JWTClaimValidationFailed) {
    const what: Record<string, string> = {
      aud: 'The token was issued for another audience (aud).',
      iss: 'The token was issued by another issuer (iss).',
      nbf: 'The token is not valid yet (nbf is in the future).',
      iat: 'The token was issued in the future (iat).',
      sub: 'The token has no subject (sub).',
      exp: 'The token has no valid expiry (exp).',
    };
    return invalidToken(
      'InvalidIdentityToken',
      what[err.claim] ?? `The token's ${err.claim} claim is invalid.`,
      err,
    );
  }
  if (err instanceof errors.JOSEAlgNotAllowed) {
    return invalidToken(
      'InvalidIdentityToken',
      'The token is signed with an algorithm that is not accepted.',
      err,
    );
  }
  if (err instanceof errors.JWSSignatureVerificationFailed) {
    return invalidToken('InvalidIdentityToken', 'The token signature is invalid.', err);
  }
  if (err instanceof errors.JWKSNoMatchingKey || err instanceof errors.JWKSMultipleMatchingKeys) {
    return invalidToken(
      'InvalidIdentityToken',
      'The token is signed with a key the issuer does not publish.',
      err,
    );
  }
  if (err instanceof errors.JWKSTimeout || err instanceof errors.JWKSInvalid) {
    return unreachable('key set (JWKS)', err);
  }
  if (
    err instanceof errors.JWSInvalid ||
    err instanceof errors.JWTInvalid ||
    err instanceof errors.JOSENotSupported
  ) {
    return invalidToken('InvalidIdentityToken', 'The token is not a well-formed JWT.', err);
  }
  if (err instanceof errors.JOSEError && err.constructor === errors.JOSEError) {
    // jose's plain JOSEError comes from the JWKS fetch (non-200 answer, unparsable body)
    return unreachable('key set (JWKS)', err);
  }
  if (err instanceof errors.JOSEError) {
    return invalidToken('InvalidIdentityToken', 'The token could not be verified.', err);
  }
  // fetch failures (connection refused, reset, DNS) surface as plain errors from jose's fetch
  return unreachable('key set (JWKS)', err);
}

/**
 * A framework-neutral verifier: discovery once, then jose's remote JWKS (one fetch in flight, cached for
 * `cacheMaxAgeMs`, re-fetched on an unknown `kid` at most every `cooldownMs`).
 *
 * @example
 * const verifier = createVerifier({ issuer: 'https://idp.example.com', audience: 'my-client' }, webSha256);
 * const { subject, claims } = await verifier.verify(idToken);
 */
export function createVerifier(options: VerifyOptions, digest: Digest): JwtVerifier {
  if (!options?.issuer || !options.audience) {
    throw new CredentialsError('Configuration', 'verify needs an issuer and an audience (or verify: false).');
  }
  const issuer = options.issuer;
  const algorithms = (options.algorithms ?? DEFAULT_ALGORITHMS).filter((a) => a.toLowerCase() !== 'none');
  const timeoutMs = options.timeoutMs ?? 5_000;
  let jwks: RemoteKeySet | undefined;
  let discovering: Promise<RemoteKeySet> | undefined;

  const makeJwks = (uri: string) =>
    createRemoteJWKSet(new URL(uri), {
      timeoutDuration: timeoutMs,
      cooldownDuration: options.cooldownMs ?? 30_000,
      cacheMaxAge: options.cacheMaxAgeMs ?? 600_000,
    });

  async function discover(): Promise<RemoteKeySet> {
    const url = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
    let doc: { issuer?: unknown; jwks_uri?: unknown };
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      doc = (await res.json()) as typeof doc;
    } catch (cause) {
      throw unreachable('discovery document', cause);
    }
    if (typeof doc.jwks_uri !== 'string') throw unreachable('discovery document (no jwks_uri)', undefined);
    if (doc.issuer !== issuer) {
      throw new CredentialsError(
        'Configuration',
        'The discovery document names another issuer than verify.issuer.',
      );
    }
    return makeJwks(doc.jwks_uri);
  }

  function keySet(): Promise<RemoteKeySet> {
    if (jwks) return Promise.resolve(jwks);
    if (options.jwksUri) {
      jwks = makeJwks(options.jwksUri);
      return Promise.resolve(jwks);
    }
    discovering ??= discover().then(
      (set) => {
        jwks = set;
        discovering = undefined;
        return set;
      },
      (err) => {
        discovering = undefined; // try again on the next request
        throw err;
      },
    );
    return discovering;
  }

  const tolerance = options.clockToleranceSec ?? 5;
  const verified = verifiedTokenCache(options.tokenCache);
  const failures = keySetFailures(options.cooldownMs ?? 30_000);

  return {
    cached(token) {
      if (!verified || token.length > MAX_TOKEN_LENGTH) return undefined;
      const hash = digest(token);
      return typeof hash === 'string' ? verified.get(hash) : undefined; // an async digest has no sync path
    },
    async verify(token) {
      if (token.length > MAX_TOKEN_LENGTH) preCheck(token); // throws invalid_request before hashing
      const digested = verified ? digest(token) : '';
      const hash = typeof digested === 'string' ? digested : await digested;
      const hit = verified?.get(hash);
      if (hit) return hit;
      const { header } = preCheck(token);
      if (header.alg === undefined || !algorithms.includes(header.alg)) {
        throw invalidToken(
          'InvalidIdentityToken',
          'The token is signed with an algorithm that is not accepted.',
        );
      }
      if (options.tokenUse !== 'any') assertIdTokenShape(header, undefined);
      // A key set is usable once loaded and until its max age: then only an unknown `kid` costs a fetch.
      const usable = jwks?.fresh === true ? jwks : undefined;
      if (!usable) failures.check(); // no keys, and the IdP failed a moment ago: answer as then, no new fetch
      let claims: TokenClaims;
      try {
        const result = await jwtVerify(token, failures.keysFrom(await keySet()), {
          issuer,
          audience: options.audience,
          algorithms,
          clockTolerance: tolerance,
          requiredClaims: ['sub', 'exp'],
        });
        claims = result.payload as TokenClaims;
      } catch (err) {
        throw failures.remember(mapJoseError(err), usable);
      }
      const now = { nowSec: Date.now() / 1000, clockToleranceSec: tolerance };
      if (options.tokenUse !== 'any') assertIdTokenShape(header, claims, now);
      else rejectIssue(checkIssuedAt(claims, now));
      const aud = matchedAudience(options.audience, claims.aud);
      const identity: VerifiedIdentity = {
        subject: claims.sub!,
        issuer: claims.iss ?? issuer,
        ...(aud ? { audience: aud } : {}),
        claims,
      };
      if (!verified) return identity;
      // jose refuses once floor(now / 1000) >= exp + tolerance, i.e. from (exp + tolerance) * 1000 ms on.
      const frozen = deepFreeze(identity);
      verified.set(hash, frozen, (claims.exp! + tolerance) * 1000, token.length);
      return frozen;
    },
  };
}

/**
 * Failed discovery/JWKS fetches, remembered for `cooldownMs` (jose's own re-fetch cooldown is 30 s, but counted
 * from the last *successful* fetch), so no token — however many junk ones arrive — costs another outbound fetch
 * meanwhile. What a failure means depends on whether a usable key set is loaded:
 *
 * - **None** (discovery or the first JWKS fetch failed, or the set is past `cacheMaxAgeMs` and its refresh
 *   failed): nothing can be verified. Every token is answered 503 `IdpUnreachable` with the same `retryAt`
 *   (one `Retry-After` countdown) until the cooldown is over.
 * - **One is loaded** and the re-fetch for a token's unknown `kid` failed: that token is refused (401
 *   `InvalidIdentityToken`: signed with a key this server cannot find) and nobody else is held back. Until the
 *   cooldown is over, unknown `kid`s are looked up among the loaded keys only (no fetch), and tokens with known
 *   `kid`s verify as before.
 */
function keySetFailures(cooldownMs: number) {
  let outage: CredentialsError | undefined;
  /** The loaded keys, used without any fetch until `offlineUntil` after a failed re-fetch. */
  let offline: { keys: JWTVerifyGetKey; until: number } | undefined;
  return {
    /** Throws the remembered outage while it lasts (call only when no usable key set is loaded). */
    check(): void {
      if (outage?.retryAt && outage.retryAt.getTime() > Date.now()) throw outage;
      outage = undefined;
    },
    /** The key resolver for this token: the remote set, or its loaded keys alone after a failed re-fetch. */
    keysFrom(remote: RemoteKeySet): JWTVerifyGetKey {
      if (offline && Date.now() < offline.until && remote.fresh) return offline.keys;
      offline = undefined;
      return remote;
    },
    /** The error to answer with; `usable`: the key set that was loaded and fresh before this token's fetch. */
    remember(err: unknown, usable: RemoteKeySet | undefined): unknown {
      if (!(err instanceof CredentialsError) || err.code !== 'IdpUnreachable') return err;
      const loaded = usable?.jwks();
      if (loaded) {
        offline = { keys: createLocalJWKSet(loaded), until: Date.now() + cooldownMs };
        return invalidToken(
          'InvalidIdentityToken',
          'The token is signed with a key the issuer does not publish (its key set could not be re-fetched).',
          err,
        );
      }
      if (cooldownMs <= 0) return err;
      const retryAt = new Date(Date.now() + cooldownMs);
      outage = new CredentialsError('IdpUnreachable', err.message, { cause: err.cause ?? err, retryAt });
      return outage;
    },
  };
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** Default byte bound of the verified-token cache: 16 MiB, however large the tokens. */
const DEFAULT_TOKEN_CACHE_BYTES = 16 * 1024 * 1024;
/** The hash key, the entry and identity objects around the claims (an estimate, on the safe side). */
const ENTRY_OVERHEAD_BYTES = 512;

interface VerifiedTokenCache {
  /** The identity verified for this token hash, or `undefined` (miss, or past its lifetime: then dropped). */
  get(hash: string): VerifiedIdentity | undefined;
  /**
   * Keeps `identity` until `refuseAt` (epoch ms when the verifier would refuse the token) or the max age; its
   * size is estimated from the token's length (the claims cannot be larger than the token that carries them).
   */
  set(hash: string, identity: VerifiedIdentity, refuseAt: number, tokenLength: number): void;
}

/**
 * Verified-token cache: SHA-256 of the raw token → the identity verified for it, so a token seen again skips
 * the signature check (the dominant per-request cost once credentials are cached). An LRU bounded by count
 * and by bytes (16 MiB by default: 10,000 tokens of 20 KB would otherwise hold 200 MB).
 *
 * - Keys are hashes: the raw token is never a key, and nothing unverified (no claim read before the
 *   signature check) decides what is cached or for how long.
 * - An entry lives until the moment the verifier would refuse the token as expired (`exp` + clock tolerance,
 *   the same arithmetic as jose's check), and at most `maxAgeMs`. A hit past that is dropped and the token
 *   verified again, so an expired token gets exactly the error it got without the cache.
 * - Not dropped on JWKS change / key rotation, by decision: entries are short-lived (5 min by default), which
 *   is less than the JWKS cache's own default max age (`cacheMaxAgeMs`, 10 min) during which a key removed
 *   from the JWKS is accepted anyway. Lower `maxAgeMs` (or set `maxEntries: 0`) to narrow that window.
 * - Only successes are cached; a refused token is verified (and refused) again each time.
 * - Cached identities are deep-frozen: one object is shared by every request carrying the same token.
 */
function verifiedTokenCache(opts: VerifyOptions['tokenCache']): VerifiedTokenCache | null {
  const maxEntries = opts?.maxEntries ?? 10_000;
  const maxAgeMs = opts?.maxAgeMs ?? 5 * 60_000;
  const maxBytes = opts?.maxBytes ?? DEFAULT_TOKEN_CACHE_BYTES;
  if (!Number.isFinite(maxBytes) || maxBytes < 0) {
    throw new CredentialsError('Configuration', 'verify.tokenCache.maxBytes must be a number ≥ 0.');
  }
  if (!Number.isInteger(maxEntries) || maxEntries < 0) {
    throw new CredentialsError('Configuration', 'verify.tokenCache.maxEntries must be an integer ≥ 0.');
  }
  if (!Number.isFinite(maxAgeMs) || maxAgeMs < 0) {
    throw new CredentialsError('Configuration', 'verify.tokenCache.maxAgeMs must be a number ≥ 0.');
  }
  if (maxEntries === 0 || maxAgeMs === 0 || maxBytes === 0) return null;
  const lru = new Lru<string, { identity: VerifiedIdentity; until: number; bytes: number }>({
    maxEntries,
    maxBytes,
    sizeOf: (entry) => entry.bytes,
  });
  return {
    get(hash) {
      const entry = lru.get(hash);
      if (!entry) return undefined;
      if (Date.now() >= entry.until) {
        lru.delete(hash);
        return undefined;
      }
      return entry.identity;
    },
    set(hash, identity, refuseAt, tokenLength) {
      const until = Math.min(refuseAt, Date.now() + maxAgeMs);
      if (!(until > Date.now())) {
        lru.delete(hash);
        return;
      }
      lru.set(hash, { identity, until, bytes: tokenLength + ENTRY_OVERHEAD_BYTES });
    },
  };
}

/**
 * `verify: false`: decodes without verifying (STS verifies). Only shape checks; never use the result for
 * authorisation decisions.
 */
export function decodeUnverified(token: string, tokenUse: 'id' | 'any' = 'id'): VerifiedIdentity {
  const { header } = preCheck(token);
  let claims: TokenClaims;
  try {
    claims = decodeJwt(token) as TokenClaims;
  } catch (cause) {
    throw invalidToken('InvalidIdentityToken', 'The token is not a well-formed JWT.', cause);
  }
  if (tokenUse !== 'any') assertIdTokenShape(header, claims, { nowSec: Date.now() / 1000 });
  const aud = audienceOf(claims);
  return {
    subject: typeof claims.sub === 'string' ? claims.sub : '',
    issuer: typeof claims.iss === 'string' ? claims.iss : '',
    ...(aud !== null ? { audience: aud } : {}),
    claims,
    unverified: true,
  };
}
