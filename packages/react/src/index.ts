'use client';
/**
 * React bindings: `<AwsCredentialsProvider>`, `useAwsCredentials()`, `useAwsClient()`; re-exports `@web-identity/core`.
 *
 * @packageDocumentation
 * @module @web-identity/react
 */
export * from '@web-identity/core';
export {
  AwsCredentialsProvider,
  type AwsCredentialsProviderProps,
} from './AwsCredentialsProvider.js';
export { AwsCredentialsContext, useCredentialsClient } from './context.js';
export type { AwsCredentialsState } from './types.js';
export { useAwsClient } from './useAwsClient.js';
export { useAwsCredentials } from './useAwsCredentials.js';
