import type { CredentialsClient } from '@web-identity/core';
import type { SdkClientCache } from '@web-identity/core/internal';
import { getContext, hasContext } from 'svelte';

/** What `setAwsCredentials()` puts in context: the core client and the SDK clients `getAwsClient()` memoised. */
export interface AwsCredentialsContext {
  readonly client: CredentialsClient;
  readonly sdkClients: SdkClientCache;
}

/**
 * The context key `setAwsCredentials()` uses. Exported for tests and libraries that set a client for a
 * sub-tree themselves with `setContext()`.
 *
 * @example
 * setContext(AWS_CREDENTIALS_KEY, { client, sdkClients: new SdkClientCache(client.provider) });
 */
export const AWS_CREDENTIALS_KEY: unique symbol = Symbol('web-identity');

/** Reads the context `setAwsCredentials()` set, or throws an error that names the fix. */
export function awsCredentialsContext(fnName: string): AwsCredentialsContext {
  const ctx = hasContext(AWS_CREDENTIALS_KEY)
    ? getContext<AwsCredentialsContext>(AWS_CREDENTIALS_KEY)
    : undefined;
  if (ctx === undefined) {
    throw new Error(
      `${fnName}() found no AWS credentials client: call setAwsCredentials(options) (or setAwsCredentials(client)) ` +
        'in the <script> of a parent component, e.g. your root +layout.svelte or App.svelte.',
    );
  }
  return ctx;
}
