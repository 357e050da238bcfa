/**
 * Vue 3 bindings: the `createAwsCredentials()` plugin and the `useAwsCredentials()` / `useAwsClient()` composables; re-exports `@web-identity/core`.
 *
 * @packageDocumentation
 * @module @web-identity/vue
 */
export * from '@web-identity/core';
export { type AwsCredentialsInjection, AwsCredentialsKey } from './context.js';
export { type AwsCredentialsPlugin, createAwsCredentials } from './createAwsCredentials.js';
export type { ReadonlyShallowRef, SnapshotRefs, UseAwsCredentialsReturn } from './types.js';
export { useAwsClient } from './useAwsClient.js';
export { useAwsCredentials } from './useAwsCredentials.js';
