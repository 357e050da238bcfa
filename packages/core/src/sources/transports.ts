/** `fetchTransport()` and `sdkTransport()`: the shared layers with the built-in sources' calls as methods too. */
import { callAws } from '../transport/call.js';
import { type FetchTransportOptions, fetchSender } from '../transport/fetch.js';
import { type SdkTransportOptions, sdkSender } from '../transport/sdk.js';
import type { Transport, TransportCalls } from '../types.js';
import { GET_CREDENTIALS_FOR_IDENTITY, GET_ID, GET_OPEN_ID_TOKEN } from './cognito/cognitoApi.js';
import { ASSUME_ROLE_WITH_WEB_IDENTITY } from './stsCall.js';

/** A transport that sends any call, with the four built-in calls as methods as well (callable directly). */
export type TransportWithCalls = Transport & TransportCalls & Required<Pick<Transport, 'send'>>;

function withCalls(t: Transport & Required<Pick<Transport, 'send'>>): TransportWithCalls {
  const bare = { ...t };
  return {
    ...t,
    assumeRoleWithWebIdentity: (i, o) => callAws(bare, ASSUME_ROLE_WITH_WEB_IDENTITY, i, o),
    cognitoGetId: (i, o) => callAws(bare, GET_ID, i, o),
    cognitoGetOpenIdToken: (i, o) => callAws(bare, GET_OPEN_ID_TOKEN, i, o),
    cognitoGetCredentialsForIdentity: (i, o) => callAws(bare, GET_CREDENTIALS_FOR_IDENTITY, i, o),
  };
}

/**
 * Every call over plain `fetch` (what the built-in sources use by default), with a timeout or your own `fetch`:
 * form-encoded STS, a tiny XML reader and JSON 1.1 for Cognito.
 *
 * @example
 * const client = createCredentialsClient({ region, source, getIdToken, transport: fetchTransport({ timeoutMs: 5_000 }) });
 */
export function fetchTransport(options: FetchTransportOptions = {}): TransportWithCalls {
  return withCalls(fetchSender(options));
}

/**
 * Every call through AWS SDK v3 clients (`@aws-sdk/client-sts`, `@aws-sdk/client-cognito-identity`), loaded with
 * dynamic `import()` on the first exchange: the opt-in for apps that want SDK middleware (a custom
 * `requestHandler`, a proxy agent). SDK retries are off: the client's scheduler owns retries and backoff.
 *
 * @example
 * const client = createCredentialsClient({ region, source, getIdToken, transport: sdkTransport({ timeoutMs: 5000 }) });
 */
export function sdkTransport(options: SdkTransportOptions = {}): TransportWithCalls {
  return withCalls(sdkSender(options));
}
