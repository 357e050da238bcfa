import { hash } from 'node:crypto';

/**
 * SHA-256 of a string as base64url: the one hash this package keys caches with (tokens, identities).
 * One-shot `crypto.hash`: about half the cost of `createHash()` per request.
 *
 * @example
 * const key = sha256(token); // never the token itself
 */
export function sha256(value: string): string {
  return hash('sha256', value, 'base64url');
}
