import { hkdfSync } from 'node:crypto';
import { CredentialsError } from '@web-identity/node';

/** One key of the keyring: its id (written into every value it seals) and 32 bytes of AES-256 key. */
export interface KeyringKey {
  readonly kid: string;
  /** AES-256-GCM key. */
  readonly key: Buffer;
  /** HMAC key for Redis key names, derived from `key` (HKDF-SHA256), so one secret serves both. */
  readonly nameKey: Buffer;
}

/** Keys in order: the first seals, any opens. */
export interface Keyring {
  readonly keys: readonly KeyringKey[];
  readonly byKid: ReadonlyMap<string, KeyringKey>;
}

/** What `redisStore({ keys })` accepts: `'kid1:base64,kid2:base64'`, or a list of `kid:base64` / `{ kid, key }`. */
export type KeyringInput = string | readonly (string | { kid: string; key: string | Uint8Array })[];

const KID = /^[A-Za-z0-9_-]{1,64}$/;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;
const README_KEYS = 'https://github.com/web-identity/web-identity/tree/main/packages/redis#keys-and-rotation';

function configError(message: string): CredentialsError {
  return new CredentialsError('Configuration', `redisStore: ${message} See ${README_KEYS}`);
}

function decodeKey(kid: string, key: string | Uint8Array): Buffer {
  let bytes: Buffer;
  if (typeof key === 'string') {
    const text = key.trim();
    if (!BASE64.test(text)) throw configError(`key "${kid}" is not base64.`);
    bytes = Buffer.from(text, text.includes('-') || text.includes('_') ? 'base64url' : 'base64');
  } else bytes = Buffer.from(key);
  if (bytes.length !== 32) {
    throw configError(
      `key "${kid}" is ${bytes.length} bytes; AES-256 needs exactly 32 (make one with \`openssl rand -base64 32\`).`,
    );
  }
  return bytes;
}

function entries(input: KeyringInput): { kid: string; key: string | Uint8Array }[] {
  const items = typeof input === 'string' ? input.split(',').filter((s) => s.trim() !== '') : input;
  return items.map((item) => {
    if (typeof item !== 'string') return item;
    const colon = item.indexOf(':');
    if (colon < 0) throw configError('each key is written `kid:base64` (e.g. `2026-12:…`).');
    return { kid: item.slice(0, colon).trim(), key: item.slice(colon + 1) };
  });
}

/**
 * Checks and decodes the keyring once, at start: a missing key, a key id that is not `[A-Za-z0-9_-]{1,64}`, a
 * repeated id or a key that is not exactly 32 bytes is a `Configuration` error (the message never shows a key).
 *
 * @example
 * const ring = parseKeyring(process.env.CACHE_KEYS); // 'k2:base64,k1:base64': seals with k2, opens both
 */
export function parseKeyring(input: KeyringInput | undefined): Keyring {
  if (input === undefined || input === null || (typeof input !== 'string' && !Array.isArray(input))) {
    throw configError('pass keys: "kid:base64" (a 32-byte key); values in Redis are always encrypted.');
  }
  const list = entries(input);
  if (list.length === 0) throw configError('keys is empty; pass at least one "kid:base64" (a 32-byte key).');
  const byKid = new Map<string, KeyringKey>();
  const keys = list.map(({ kid, key }) => {
    if (typeof kid !== 'string' || !KID.test(kid)) {
      throw configError('a key id must be 1 to 64 characters of [A-Za-z0-9_-].');
    }
    if (byKid.has(kid)) throw configError(`key id "${kid}" appears twice.`);
    const bytes = decodeKey(kid, key);
    const nameKey = Buffer.from(
      hkdfSync('sha256', bytes, Buffer.alloc(0), 'web-identity/redis key names', 32),
    );
    const entry: KeyringKey = { kid, key: bytes, nameKey };
    byKid.set(kid, entry);
    return entry;
  });
  return { keys, byKid };
}
