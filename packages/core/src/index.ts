/**
 * Temporary AWS credentials from an OpenID Connect ID token: the client, its sources (STS web identity, Cognito identity pools, a credential endpoint) on the AWS SDK v3 transport loaded lazily, the timing rules and the errors.
 *
 * @packageDocumentation
 * @module @web-identity/core
 */
import {
  type CognitoIdentityPoolOptions,
  cognitoIdentityPool as pool,
} from './sources/cognito/cognitoIdentityPool.js';
import { webIdentity as sts, type WebIdentityOptions } from './sources/webIdentity.js';
import { defaultTransport } from './transport/default.js';
import type { CredentialsSource } from './types.js';

export * from './api.js';
export { type SdkTransportOptions, sdkTransport } from './transport/sdk.js';

/**
 * Trades the ID token for role credentials with STS AssumeRoleWithWebIdentity (an unsigned call), through
 * the AWS SDK v3 STS client, loaded with `import()` on the first exchange (or the client's `transport`).
 * Throws `CredentialsError('Configuration')` at construction for a malformed role ARN, a duration outside
 * 900..43200 or an unknown region. For the smallest bundle import it from `@web-identity/core/fetch`.
 *
 * @example
 * const source = webIdentity({ roleArn: 'arn:aws:iam::123456789012:role/PhotoUploader', durationSeconds: 3600 });
 */
export function webIdentity(options: WebIdentityOptions): CredentialsSource {
  return { ...sts(options), transport: defaultTransport() };
}

/**
 * Credentials from a Cognito identity pool (GetId + GetCredentialsForIdentity, or the basic flow), through
 * the AWS SDK v3 Cognito Identity client, loaded on the first exchange (or the client's `transport`).
 *
 * @example
 * const source = cognitoIdentityPool({ identityPoolId: 'eu-west-1:1b2c…', providerName: 'accounts.google.com' });
 */
export function cognitoIdentityPool(options: CognitoIdentityPoolOptions): CredentialsSource {
  return { ...pool(options), transport: defaultTransport() };
}
