import { type AwsCredentials, redactedCredentials, refreshWindows } from '@web-identity/core';
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

/**
 * The instants (epoch ms) at which an entry enters its advisory and mandatory windows, from core's one timing
 * policy (`refreshWindows`: short lifetimes shrink the windows, so no refresh loop is possible).
 */
export function windows(
  entry: Pick<CacheEntry, 'expiresAt' | 'obtainedAt'>,
  refreshBeforeExpiryMs: number,
  minValidityMs: number,
): { advisoryAt: number; mandatoryAt: number } {
  const w = refreshWindows(entry.expiresAt - entry.obtainedAt, refreshBeforeExpiryMs, minValidityMs);
  return { advisoryAt: entry.expiresAt - w.advisory, mandatoryAt: entry.expiresAt - w.mandatory };
}
