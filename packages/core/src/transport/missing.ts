import { configError } from '../aws/validate.js';
import { DEV } from '../platform/env.js';
import type { Transport, TransportCalls } from '../types.js';

/**
 * The transport of a client whose options and source name none (a custom source): a source that calls AWS
 * through `ctx.transport` (a method, or `callAws`) then learns, in words, what to pass. Built-in sources always
 * carry their own.
 */
export function missingTransport(): Transport & TransportCalls {
  const fail = async (): Promise<never> => {
    throw configError(
      DEV
        ? 'This source calls AWS through ctx.transport but none was given: pass transport: fetchTransport() (or sdkTransport()) to createCredentialsClient.'
        : '',
    );
  };
  return {
    name: 'none',
    send: fail,
    assumeRoleWithWebIdentity: fail,
    cognitoGetId: fail,
    cognitoGetCredentialsForIdentity: fail,
    cognitoGetOpenIdToken: fail,
  };
}
