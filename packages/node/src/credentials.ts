import { type AwsCredentials, redactedCredentials } from '@web-identity/core';
import type { CacheEntry } from './cache.js';

/**
 * Core's redacting credentials object (enumerable fields for the SDK; masked in JSON and inspect).
 *
 * @example
 * const creds = toAwsCredentials(await store.get(key));
 */
export function toAwsCredentials(entry: CacheEntry): AwsCredentials {
  return redactedCredentials({
    accessKeyId: entry.accessKeyId,
    secretAccessKey: entry.secretAccessKey,
    sessionToken: entry.sessionToken,
    expiration: new Date(entry.expiresAt),
  });
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
