import { type AwsCredentials, redactedCredentials, refreshWindows } from '@web-identity/core';
import type { Logger } from '../log.js';
import type { CacheEntry, StoreContext } from '../store.js';

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

/**
 * The windows a store applies to entries (the broker's refresh options, with its defaults: 5 min advisory,
 * 1 min mandatory) and the logger it writes to: what the broker hands its store, and what a store uses when
 * called without a broker.
 *
 * @example
 * const context = storeContext({ refreshBeforeExpiryMs: 10 * 60_000 });
 * context.mandatoryAt(entry); // epoch ms after which the entry is never handed out
 */
export function storeContext(
  options: { refreshBeforeExpiryMs?: number; minValidityMs?: number; log?: Logger } = {},
): StoreContext {
  const { refreshBeforeExpiryMs = 5 * 60_000, minValidityMs = 60_000, log = () => {} } = options;
  return {
    advisoryAt: (entry) => windows(entry, refreshBeforeExpiryMs, minValidityMs).advisoryAt,
    mandatoryAt: (entry) => windows(entry, refreshBeforeExpiryMs, minValidityMs).mandatoryAt,
    log,
  };
}
