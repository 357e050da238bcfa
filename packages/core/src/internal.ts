/**
 * Plumbing the adapters share (`@web-identity/react`, `vue`, `angular`, `node`): quiet actions for event
 * handlers, the server-side client, the SDK client cache, the snapshot's field list, timing constants. Not for
 * apps, and exempt from semver: it changes with the adapters, which are released with core at one version.
 *
 * @packageDocumentation
 * @module @web-identity/core/internal
 */

export { createAwsClient, SdkClientCache, sameClientConfig } from './aws/sdkClients.js';
export { ROLE_ARN_RE } from './aws/validate.js';
export { type QuietActions, quietActions, SERVER_CLIENT } from './client/adapters.js';
export { SNAPSHOT_FIELDS, type SnapshotField } from './client/store.js';
export { COGNITO_IDENTITY } from './sources/cognito/cognitoApi.js';
export { STS } from './sources/stsCall.js';
export { BACKOFF } from './time/timing.js';
