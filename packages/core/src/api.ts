/**
 * The public API both entry points share: `@web-identity/core` adds the sources that load the AWS SDK
 * lazily (and `sdkTransport`), `@web-identity/core/fetch` the same sources on `fetchTransport()`.
 */
export { type QuietActions, quietActions, SERVER_CLIENT } from './adapters.js';
export { type AwsErrorOptions, adviceFor, mapAwsSdkError } from './awsError.js';
export {
  type CreateCredentialsClientOptions,
  createCredentialsClient,
  DEFAULT_BROADCAST_CHANNEL,
  getServerSnapshot,
  SIGNED_OUT_SNAPSHOT,
} from './client.js';
export { maskAccessKeyId, redactedCredentials } from './credentials.js';
export * from './errors.js';
export type { CredentialsEvent, CredentialsEventListener } from './events.js';
export {
  checkIdTokenShape,
  checkIssuedAt,
  type IdTokenShapeIssue,
  readIdToken,
  sanitizeSessionName,
} from './jwt.js';
export {
  audienceOf,
  type Caller,
  type ScopeOf,
  sameCaller,
  scopeKeyInput,
  sourceScope,
  type TokenIdentity,
  tokenIdentity,
} from './scope.js';
export {
  type AwsClientConfig,
  type AwsClientConstructor,
  createAwsClient,
  SdkClientCache,
  sameClientConfig,
} from './sdkClients.js';
export { type SignRequestOptions, signedFetch, signRequest, WebCryptoSha256 } from './signer.js';
export type { CognitoIdentityPoolOptions } from './sources/cognitoIdentityPool.js';
export { type CredentialEndpointOptions, credentialEndpoint } from './sources/credentialEndpoint.js';
export {
  DEFAULT_GUEST_IDENTITY_MAX_AGE_MS,
  GUEST_IDENTITY_STORAGE_PREFIX,
  type GuestIdentityStorage,
} from './sources/guestIdentity.js';
export { checkDurationSeconds, checkRoleArn, ROLE_ARN_RE } from './sources/validate.js';
export type { WebIdentityOptions } from './sources/webIdentity.js';
export {
  BACKOFF,
  backoffDelay,
  clockOffset,
  type RefreshWindows,
  refreshDelay,
  refreshWindows,
} from './timing.js';
export { type FetchTransportOptions, fetchTransport } from './transport/fetch.js';
export type * from './types.js';
