/**
 * Temporary AWS credentials from an OpenID Connect ID token: the client, its sources (STS web identity, Cognito
 * identity pools, a credential endpoint) on plain `fetch` by default, the timing rules and the errors.
 * `sdkTransport()` makes the same calls through the AWS SDK v3 clients, for apps that want SDK middleware.
 *
 * @packageDocumentation
 * @module @web-identity/core
 */
export * from './api.js';
export { cognitoIdentityPool, webIdentity } from './sources/defaults.js';
export { sdkTransport } from './sources/transports.js';
export { type SdkTransportOptions, sdkSender } from './transport/sdk.js';
