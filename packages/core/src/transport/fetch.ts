import type { Transport } from '../types.js';
import { cognitoOverFetch } from './fetchCognito.js';
import { stsOverFetch } from './fetchSts.js';
import { missingTransport } from './missing.js';

export { xmlText } from './fetchSts.js';

/** Options of `fetchTransport`: endpoints and a request timeout. */
export interface FetchTransportOptions {
  /** Defaults to the global `fetch`. */
  fetch?: typeof fetch;
  /** Per-request timeout; a timeout counts as a `Network` failure. Default 10 s. */
  timeoutMs?: number;
}

/** The `fetch` to call: the option's, else the global one at call time (so a test may replace it later). */
const fetcher =
  (options: FetchTransportOptions) =>
  (...args: Parameters<typeof fetch>) =>
    (options.fetch ?? fetch)(...args);

/**
 * The default transport, on plain `fetch`: form-encoded STS, a tiny XML reader and JSON 1.1 for Cognito, each
 * call in a file of its own (fetchSts.ts, fetchCognito.ts) over one small HTTP layer (fetchCall.ts). Under 1 KB
 * gz instead of ~50 KB of AWS SDK clients; `sdkTransport()` is the opt-in for SDK middleware.
 *
 * @example
 * const client = createCredentialsClient({ region, source, getIdToken, transport: fetchTransport({ timeoutMs: 5_000 }) });
 */
export function fetchTransport(options: FetchTransportOptions = {}): Transport {
  const timeoutMs = options.timeoutMs ?? 10_000;
  return {
    ...fetchStsTransport(options),
    ...cognitoOverFetch(fetcher(options), timeoutMs),
  };
}

/**
 * The `webIdentity` source's own transport: STS over `fetch` only (a web-identity source never calls Cognito, so
 * a bundle holds no Cognito reader). The same options and answers as `fetchTransport()`.
 */
export function fetchStsTransport(options: FetchTransportOptions = {}): Transport {
  const timeoutMs = options.timeoutMs ?? 10_000;
  return {
    ...missingTransport(),
    name: 'fetch',
    timeoutMs,
    assumeRoleWithWebIdentity: stsOverFetch(fetcher(options), timeoutMs),
  };
}
