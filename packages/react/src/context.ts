'use client';
import type { CredentialsClient } from '@web-identity/core';
import { createContext, useContext } from 'react';

/**
 * Holds the credentials client of the nearest `<AwsCredentialsProvider>`; `null` outside one. Prefer the
 * hooks; the context is exported for libraries that need to read it conditionally.
 *
 * @example
 * const client = useContext(AwsCredentialsContext); // null when no provider is mounted
 */
export const AwsCredentialsContext = createContext<CredentialsClient | null>(null);
AwsCredentialsContext.displayName = 'AwsCredentialsContext';

/**
 * The `CredentialsClient` of the nearest `<AwsCredentialsProvider>`, for code that needs the client itself
 * (e.g. `await client.getCredentials()` in an event handler). Throws when there is no provider.
 *
 * @example
 * const client = useCredentialsClient();
 * const onExport = async () => sign(await client.getCredentials());
 */
export function useCredentialsClient(hookName = 'useCredentialsClient'): CredentialsClient {
  const client = useContext(AwsCredentialsContext);
  if (client === null) {
    throw new Error(
      `${hookName}() was called outside <AwsCredentialsProvider>. Wrap your app (or this component's ` +
        'parent) in <AwsCredentialsProvider client={client}> or <AwsCredentialsProvider options={options}>.',
    );
  }
  return client;
}
