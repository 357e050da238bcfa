import { sha256 } from '../hash.js';
import type { VerifyOptions } from '../types.js';
import { createVerifier, type JwtVerifier } from './jwtVerifier.js';

/**
 * A framework-neutral verifier on Node: discovery once, then jose's remote JWKS (one fetch in flight, cached for
 * `cacheMaxAgeMs`, re-fetched on an unknown `kid` at most every `cooldownMs`); verified tokens are remembered by
 * their SHA-256 (`node:crypto`, synchronous, so a repeated token is recognised in the same tick).
 *
 * @example
 * const verifier = createJwtVerifier({ issuer: 'https://idp.example.com', audience: 'my-client' });
 * const { subject, claims } = await verifier.verify(idToken);
 */
export function createJwtVerifier(options: VerifyOptions): JwtVerifier {
  return createVerifier(options, sha256);
}
