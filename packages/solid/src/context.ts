import type { CredentialsClient } from '@web-identity/core';
import type { SdkClientCache } from '@web-identity/core/internal';
import { type Context, createContext, useContext } from 'solid-js';

/** What `<AwsCredentialsProvider>` provides: the core client and the SDK clients `useAwsClient()` memoised. */
export interface AwsCredentialsContextValue {
  readonly client: CredentialsClient;
  readonly sdkClients: SdkClientCache;
}

/**
 * The context `<AwsCredentialsProvider>` fills; `undefined` outside one. Prefer the primitives; the context is
 * exported for libraries that need to read it conditionally.
 *
 * @example
 * const ctx = useContext(AwsCredentialsContext); // undefined when no provider is above
 */
export const AwsCredentialsContext: Context<AwsCredentialsContextValue | undefined> = createContext<
  AwsCredentialsContextValue | undefined
>();

/** Reads the provider's context or throws an error that names the fix. */
export function useAwsCredentialsContext(fnName: string): AwsCredentialsContextValue {
  const ctx = useContext(AwsCredentialsContext);
  if (ctx === undefined) {
    throw new Error(
      `${fnName}() was called outside <AwsCredentialsProvider>. Wrap your app (or this component's parent) in ` +
        '<AwsCredentialsProvider client={client}> or <AwsCredentialsProvider options={options}>.',
    );
  }
  return ctx;
}
