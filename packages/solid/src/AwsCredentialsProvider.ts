import {
  type CreateCredentialsClientOptions,
  type CredentialsClient,
  createCredentialsClient,
} from '@web-identity/core';
import { SdkClientCache, SERVER_CLIENT } from '@web-identity/core/internal';
import { createComponent, createEffect, type JSX, on, onCleanup } from 'solid-js';
import { isServer } from 'solid-js/web';
import { AwsCredentialsContext, type AwsCredentialsContextValue } from './context.js';

/**
 * Either `client` (yours, never disposed by the provider) or `options` (the provider owns the client).
 *
 * @example
 * const props: AwsCredentialsProviderProps = { client, children: <App /> };
 */
export type AwsCredentialsProviderProps =
  | {
      /** A client you created; used as is and never disposed by the provider. */
      client: CredentialsClient;
      options?: undefined;
      children?: JSX.Element;
    }
  | {
      /** Options for a client the provider creates once and disposes with itself. Read once. */
      options: CreateCredentialsClientOptions;
      client?: undefined;
      children?: JSX.Element;
    };

const OPTIONS_CHANGED_WARNING =
  '[@web-identity/solid] <AwsCredentialsProvider options> changed after the client was created; the change is ' +
  'ignored. Define the options once (outside the component), or create the client yourself and pass it as `client`.';

/**
 * Makes a credentials client available to `useAwsCredentials()` and `useAwsClient()` below it.
 *
 * Pass `client` to share a client you created (never disposed here), or `options` to let the provider create one
 * (creating it does nothing until a component subscribes) and dispose it when the provider is cleaned up. On the
 * server (SolidStart SSR) neither is used: the context holds a client that is always signed out and never calls
 * STS; the browser's client takes over after hydration.
 *
 * @example
 * const client = createCredentialsClient({ region, source: webIdentity({ roleArn }), getIdToken });
 * render(() => (
 *   <AwsCredentialsProvider client={client}>
 *     <App />
 *   </AwsCredentialsProvider>
 * ), document.getElementById('root')!);
 */
export function AwsCredentialsProvider(props: AwsCredentialsProviderProps): JSX.Element {
  // Props are read once, like a Solid component's setup: the client lives as long as this provider.
  const owned = !isServer && props.client === undefined;
  if (owned && props.options === undefined) {
    throw new Error(
      '<AwsCredentialsProvider> needs a `client` (from createCredentialsClient()) or `options`.',
    );
  }
  const client = isServer ? SERVER_CLIENT : (props.client ?? createCredentialsClient(props.options!));
  const ctx: AwsCredentialsContextValue = { client, sdkClients: new SdkClientCache(client.provider) };
  if (owned && process.env.NODE_ENV !== 'production') {
    createEffect(
      on(
        () => props.options,
        () => console.warn(OPTIONS_CHANGED_WARNING),
        { defer: true },
      ),
    );
  }
  onCleanup(() => {
    ctx.sdkClients.destroy();
    if (owned) client.dispose();
  });
  return createComponent(AwsCredentialsContext.Provider, {
    value: ctx,
    get children() {
      return props.children;
    },
  });
}
