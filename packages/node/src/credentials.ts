import type { AwsCredentials } from '@web-identity/core';
import type { CacheEntry } from './cache.js';

const INSPECT = Symbol.for('nodejs.util.inspect.custom');

function masked(accessKeyId: string): string {
  return accessKeyId.length > 8 ? `${accessKeyId.slice(0, 4)}…${accessKeyId.slice(-4)}` : '…';
}

/**
 * Plain enough for the AWS SDK (enumerable fields), but `JSON.stringify` and `util.inspect` show only the
 * masked key id. Spreading it copies the secret: pass the object itself.
 */
export function toAwsCredentials(entry: CacheEntry): AwsCredentials {
  const redacted = () => ({
    accessKeyId: masked(entry.accessKeyId),
    secretAccessKey: '[redacted]',
    sessionToken: '[redacted]',
    expiration: new Date(entry.expiresAt).toISOString(),
  });
  const creds = {
    accessKeyId: entry.accessKeyId,
    secretAccessKey: entry.secretAccessKey,
    sessionToken: entry.sessionToken,
    expiration: new Date(entry.expiresAt),
  };
  Object.defineProperty(creds, 'toJSON', { value: redacted, enumerable: false });
  Object.defineProperty(creds, INSPECT, { value: () => redacted(), enumerable: false });
  return Object.freeze(creds);
}

/** The effective windows (DESIGN.md, Timing): short lifetimes shrink them so no refresh loop is possible. */
export function windows(
  entry: Pick<CacheEntry, 'expiresAt' | 'obtainedAt'>,
  refreshBeforeExpiryMs: number,
  minValidityMs: number,
): { advisoryAt: number; mandatoryAt: number } {
  const lifetime = Math.max(0, entry.expiresAt - entry.obtainedAt);
  const advisory = Math.min(refreshBeforeExpiryMs, lifetime / 2);
  const mandatory = Math.min(minValidityMs, lifetime / 4);
  return { advisoryAt: entry.expiresAt - advisory, mandatoryAt: entry.expiresAt - mandatory };
}
