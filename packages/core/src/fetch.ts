/**
 * The lean entry: the same client and sources on plain `fetch`, with no AWS SDK and no `import()` in the bundle.
 *
 * @packageDocumentation
 * @module @web-identity/core/fetch
 */
import {
  type CognitoIdentityPoolOptions,
  cognitoIdentityPool as pool,
} from './sources/cognito/cognitoIdentityPool.js';
import { webIdentity as sts, type WebIdentityOptions } from './sources/webIdentity.js';
import { fetchStsTransport, fetchTransport } from './transport/fetch.js';
import type { CredentialsSource } from './types.js';

/*
 * `@web-identity/core/fetch`: the same API as `@web-identity/core`, with sources that talk to AWS through
 * `fetchTransport()`. Nothing reachable from here imports the AWS SDK or has an `import()`, so a bundler emits
 * no SDK chunk and no preload helper: the smallest path.
 */
export * from './api.js';

/**
 * Trades the ID token for role credentials with STS AssumeRoleWithWebIdentity over plain `fetch` (or the
 * client's `transport`). Throws `CredentialsError('Configuration')` at construction for a malformed role
 * ARN, a duration outside 900..43200 or an unknown region.
 *
 * @example
 * import { createCredentialsClient, webIdentity } from '@web-identity/core/fetch';
 * const source = webIdentity({ roleArn: 'arn:aws:iam::123456789012:role/PhotoUploader' });
 */
export function webIdentity(options: WebIdentityOptions): CredentialsSource {
  return { ...sts(options), transport: fetchStsTransport() };
}

/**
 * Credentials from a Cognito identity pool (GetId + GetCredentialsForIdentity, or the basic flow) over plain
 * `fetch` (or the client's `transport`).
 *
 * @example
 * import { cognitoIdentityPool } from '@web-identity/core/fetch';
 * const source = cognitoIdentityPool({ identityPoolId: 'eu-west-1:1b2c…', providerName: 'accounts.google.com' });
 */
export function cognitoIdentityPool(options: CognitoIdentityPoolOptions): CredentialsSource {
  return { ...pool(options), transport: fetchTransport() };
}
