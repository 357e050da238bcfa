/**
 * SHA-256 of a string as base64url, the one hash this package keys caches with (tokens, identities). Node's
 * entry hashes synchronously (`hash.ts`, `node:crypto`); the fetch-standard entry hashes with WebCrypto, which
 * answers a promise. Callers await only what is a promise, so Node's hot path stays synchronous.
 */
export type Digest = (value: string) => string | Promise<string>;

const encoder = new TextEncoder();

function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * SHA-256 through WebCrypto (`crypto.subtle`), the same base64url string as Node's `sha256`: runs on Node, Bun,
 * Deno and workerd without a `node:` module.
 *
 * @example
 * const key = await webSha256(token); // never the token itself
 */
export async function webSha256(value: string): Promise<string> {
  return base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(value))));
}
