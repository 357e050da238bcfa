/**
 * The public API both entry points share; `@web-identity/core` adds the SDK layer (`sdkTransport`,
 * `sdkSender`), which loads the AWS SDK lazily.
 */

export { type AwsErrorOptions, adviceFor, mapAwsSdkError } from './aws/awsError.js';
export { maskAccessKeyId, redactedCredentials } from './aws/credentials.js';
export {
  checkIdTokenShape,
  checkIssuedAt,
  type IdTokenShapeIssue,
  readIdToken,
  sanitizeSessionName,
} from './aws/jwt.js';
export type { AwsClientConfig, AwsClientConstructor } from './aws/sdkClients.js';
export { type SignRequestOptions, signedFetch, signRequest, WebCryptoSha256 } from './aws/signer.js';
export { checkDurationSeconds, checkRoleArn } from './aws/validate.js';
export {
  type CreateCredentialsClientOptions,
  createCredentialsClient,
  DEFAULT_BROADCAST_CHANNEL,
  getServerSnapshot,
  SIGNED_OUT_SNAPSHOT,
} from './client/client.js';
export * from './errors.js';
export type { CredentialsEvent, CredentialsEventListener, WakeCause } from './events.js';
export {
  audienceOf,
  type Caller,
  type ScopeOf,
  sameCaller,
  scopeKeyInput,
  sourceScope,
  type TokenIdentity,
  tokenIdentity,
} from './flight/scope.js';
export {
  type ChannelLike,
  defaultPlatform,
  type LockManagerLike,
  type Platform,
  type StorageLike,
} from './platform/platform.js';
export type { CognitoIdentityPoolOptions } from './sources/cognito/cognitoIdentityPool.js';
export {
  DEFAULT_GUEST_IDENTITY_MAX_AGE_MS,
  GUEST_IDENTITY_STORAGE_PREFIX,
  type GuestIdentityStorage,
} from './sources/cognito/guestIdentity.js';
export { type CredentialEndpointOptions, credentialEndpoint } from './sources/credentialEndpoint.js';
export { fetchTransport, type TransportWithCalls } from './sources/transports.js';
export type { WebIdentityOptions } from './sources/webIdentity.js';
export {
  backoffDelay,
  clockOffset,
  type RefreshWindows,
  refreshDelay,
  refreshWindows,
} from './time/timing.js';
export { callAws } from './transport/call.js';
export {
  AWS_JSON_1_1,
  AWS_QUERY,
  type FetchTransportOptions,
  fetchSender,
} from './transport/fetch.js';
export type * from './types.js';
