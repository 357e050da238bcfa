import { fetchSender } from '../transport/fetch.js';
import type { CredentialsSource } from '../types.js';
import {
  type CognitoIdentityPoolOptions,
  cognitoIdentityPool as pool,
} from './cognito/cognitoIdentityPool.js';
import { webIdentity as sts, type WebIdentityOptions } from './webIdentity.js';

/**
 * Trades the ID token for role credentials with STS AssumeRoleWithWebIdentity over plain `fetch` (or the
 * client's `transport`, e.g. `sdkTransport()`). Throws `CredentialsError('Configuration')` at construction for a
 * malformed role ARN, a duration outside 900..43200 or an unknown region.
 *
 * @example
 * const source = webIdentity({ roleArn: 'arn:aws:iam::123456789012:role/PhotoUploader', durationSeconds: 3600 });
 */
export function webIdentity(options: WebIdentityOptions): CredentialsSource {
  return { ...sts(options), transport: fetchSender() };
}

/**
 * Credentials from a Cognito identity pool (GetId + GetCredentialsForIdentity, or the basic flow) over plain
 * `fetch` (or the client's `transport`).
 *
 * @example
 * const source = cognitoIdentityPool({ identityPoolId: 'eu-west-1:1b2c…', providerName: 'accounts.google.com' });
 */
export function cognitoIdentityPool(options: CognitoIdentityPoolOptions): CredentialsSource {
  return { ...pool(options), transport: fetchSender() };
}
