import {
  type CreateCredentialsClientOptions,
  type CredentialsClient,
  createCredentialsClient,
} from '@web-identity/core';
import { SdkClientCache, SERVER_CLIENT } from '@web-identity/core/internal';
import { BROWSER } from 'esm-env';
import { onDestroy, setContext } from 'svelte';
import { AWS_CREDENTIALS_KEY, type AwsCredentialsContext } from './context.js';

function isClient(value: CreateCredentialsClientOptions | CredentialsClient): value is CredentialsClient {
  return (
    typeof (value as CredentialsClient).subscribe === 'function' &&
    typeof (value as CredentialsClient).getSnapshot === 'function'
  );
}

/**
 * Makes a credentials client available to `getAwsCredentials()`, `getAwsCredentialsStore()` and `getAwsClient()`
 * in this component and every component below it. Call it during component initialisation (the `<script>` of
 * your root layout or `App.svelte`).
 *
 * - From `options`: the client is created here and disposed when this component is destroyed.
 * - From a `client`: used as is and never disposed (you own it).
 * - On the server (SvelteKit SSR) neither is used: the context holds a client that is always signed out and
 *   never calls STS; the browser's client takes over after hydration.
 *
 * @example
 * <script lang="ts">
 *   import { setAwsCredentials, webIdentity } from '@web-identity/svelte';
 *   setAwsCredentials({
 *     region: 'eu-west-1',
 *     source: webIdentity({ roleArn: 'arn:aws:iam::123456789012:role/PhotoUploader' }),
 *     getIdToken: async () => (await userManager.getUser())?.id_token ?? null,
 *   });
 * </script>
 */
export function setAwsCredentials(
  input: CreateCredentialsClientOptions | CredentialsClient,
): CredentialsClient {
  const owned = BROWSER && !isClient(input);
  const client = !BROWSER
    ? SERVER_CLIENT
    : owned
      ? createCredentialsClient(input as CreateCredentialsClientOptions)
      : (input as CredentialsClient);
  const ctx: AwsCredentialsContext = { client, sdkClients: new SdkClientCache(client.provider) };
  setContext(AWS_CREDENTIALS_KEY, ctx);
  onDestroy(() => {
    ctx.sdkClients.destroy();
    if (owned) client.dispose();
  });
  return client;
}
