/**
 * The same API as `@web-identity/core` (its sources already use `fetch`), kept as an alias for apps that
 * imported it when it was the lean entry; it leaves out only `sdkTransport`.
 *
 * @packageDocumentation
 * @module @web-identity/core/fetch
 */
export * from './api.js';
export { cognitoIdentityPool, webIdentity } from './sources/defaults.js';
