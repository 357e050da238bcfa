/**
 * Svelte 5 bindings: `setAwsCredentials()` (context), `getAwsCredentials()` (runes), `getAwsCredentialsStore()`
 * (a readable store) and `getAwsClient()`; re-exports `@web-identity/core`.
 *
 * @packageDocumentation
 * @module @web-identity/svelte
 */
export * from '@web-identity/core';
export { AWS_CREDENTIALS_KEY, type AwsCredentialsContext } from './context.js';
export { getAwsClient } from './getAwsClient.js';
export { getAwsCredentials } from './getAwsCredentials.svelte.js';
export { getAwsCredentialsStore } from './getAwsCredentialsStore.js';
export { setAwsCredentials } from './setAwsCredentials.js';
export type { AwsCredentialsState } from './types.js';
