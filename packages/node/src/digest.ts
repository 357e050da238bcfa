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

/** SHA-256("abc") as base64url (FIPS 180-2, appendix B.1): a found hash function must give exactly this. */
const ABC = 'ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0';

type OneShotHash = (algorithm: string, data: string, encoding: string) => string;

/**
 * The SHA-256 of the fetch-standard entry: `node:crypto`'s one-shot `hash` where the runtime offers it through
 * `process.getBuiltinModule` (Node ≥ 20.16, Bun) — synchronous, so a cached caller is answered in the same tick —
 * and WebCrypto everywhere else (Deno without it, workerd, edge runtimes). Found at run time, never imported: the
 * entry loads where `node:` modules do not exist. A found function is used only if it hashes "abc" correctly.
 *
 * @example
 * const digest = runtimeDigest(); // string on Node and Bun, Promise<string> on workerd
 */
export function runtimeDigest(): Digest {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  try {
    const hash = (proc?.getBuiltinModule?.('node:crypto') as { hash?: OneShotHash } | undefined)?.hash;
    if (typeof hash === 'function' && hash('sha256', 'abc', 'base64url') === ABC) {
      return (value) => hash('sha256', value, 'base64url');
    }
  } catch {
    // no such module here: WebCrypto below
  }
  return webSha256;
}
