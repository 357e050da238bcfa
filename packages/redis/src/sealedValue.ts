import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Keyring } from './keyring.js';

const VERSION = 'v1';

/**
 * Encrypts `plaintext` with the keyring's first key: AES-256-GCM, a random 12-byte IV, `aad` (the Redis key
 * name) authenticated with it, so a value copied onto another user's key no longer opens.
 * Format: `v1.<kid>.<iv>.<tag>.<ciphertext>`, each part base64url.
 *
 * @example
 * const value = seal(ring, name, JSON.stringify(entry)); // 'v1.k2.…'
 */
export function seal(ring: Keyring, aad: string, plaintext: string): string {
  const { kid, key } = ring.keys[0]!;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad));
  const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return `${VERSION}.${kid}.${iv.toString('base64url')}.${tag.toString('base64url')}.${ct.toString('base64url')}`;
}

/**
 * Opens a value sealed with any key of the keyring; `null` when it is not ours, was altered, names an unknown
 * key or was sealed for another `aad`. Never throws.
 *
 * @example
 * const json = unseal(ring, name, value); // null: treat as a miss
 */
export function unseal(ring: Keyring, aad: string, value: string): string | null {
  const parts = value.split('.');
  if (parts.length !== 5 || parts[0] !== VERSION) return null;
  const key = ring.byKid.get(parts[1]!);
  if (!key) return null;
  try {
    const iv = Buffer.from(parts[2]!, 'base64url');
    const tag = Buffer.from(parts[3]!, 'base64url');
    if (iv.length !== 12 || tag.length !== 16) return null;
    const decipher = createDecipheriv('aes-256-gcm', key.key, iv, { authTagLength: 16 });
    decipher.setAAD(Buffer.from(aad));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(Buffer.from(parts[4]!, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  } catch {
    return null;
  }
}
