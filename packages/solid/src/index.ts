/**
 * SolidJS bindings: `<AwsCredentialsProvider>`, `useAwsCredentials()` (accessors) and `useAwsClient()`;
 * re-exports `@web-identity/core`.
 *
 * @packageDocumentation
 * @module @web-identity/solid
 */
export * from '@web-identity/core';
export {
  AwsCredentialsProvider,
  type AwsCredentialsProviderProps,
} from './AwsCredentialsProvider.js';
export { AwsCredentialsContext, type AwsCredentialsContextValue } from './context.js';
export type { AwsCredentialsAccessors, SnapshotAccessors } from './types.js';
export { useAwsClient } from './useAwsClient.js';
export { useAwsCredentials } from './useAwsCredentials.js';
