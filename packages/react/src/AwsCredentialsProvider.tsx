'use client';
import {
  type CredentialsClient,
  type CredentialsClientOptions,
  createCredentialsClient,
} from '@web-identity/core';
import { sameClientConfig } from '@web-identity/core/internal';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { AwsCredentialsContext } from './context.js';

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
      children?: ReactNode;
    }
  | {
      /**
       * Options for a client the provider creates on first render and disposes on unmount.
       * Read once: later changes are ignored (a development warning says so).
       */
      options: CredentialsClientOptions;
      client?: undefined;
      children?: ReactNode;
    };

interface Owned {
  client: CredentialsClient;
  disposed: boolean;
}

const OPTIONS_CHANGED_WARNING =
  '[@web-identity/react] <AwsCredentialsProvider options> changed after the client was created; the change ' +
  'is ignored. Define the options outside the component (or in useMemo), or create the client yourself and ' +
  'pass it as `client`. See https://github.com/web-identity/web-identity/tree/main/packages/react#options-are-read-once';

/** Creates the client from `options` once, disposes it on unmount; StrictMode's test remount keeps it. */
function useOwnedClient(options: CredentialsClientOptions | undefined): CredentialsClient | null {
  const initialOptions = useRef(options);
  const [owned, setOwned] = useState<Owned | null>(() =>
    options ? { client: createCredentialsClient(options), disposed: false } : null,
  );
  const mounted = useRef(false);
  const warned = useRef(false);

  if (
    process.env.NODE_ENV !== 'production' &&
    !warned.current &&
    owned &&
    options &&
    initialOptions.current
  ) {
    if (!sameClientConfig(options, initialOptions.current)) {
      warned.current = true;
      console.warn(OPTIONS_CHANGED_WARNING);
    }
  }

  useEffect(() => {
    if (!owned) return;
    if (owned.disposed) {
      // Re-shown after a real unmount of this instance (e.g. <Activity>): start over with a fresh client.
      setOwned({ client: createCredentialsClient(initialOptions.current!), disposed: false });
      return;
    }
    mounted.current = true;
    return () => {
      mounted.current = false;
      // StrictMode unmounts and remounts synchronously in development; only a real unmount disposes.
      queueMicrotask(() => {
        if (!mounted.current && !owned.disposed) {
          owned.disposed = true;
          owned.client.dispose();
        }
      });
    };
  }, [owned]);

  return owned ? owned.client : null;
}

/**
 * Makes a credentials client available to `useAwsCredentials()` and `useAwsClient()` below it.
 *
 * Pass `client` to share a client you created (the provider never disposes it), or `options` to let the
 * provider create one on first render and dispose it when it unmounts.
 *
 * @example
 * const client = createCredentialsClient({ region, source: webIdentity({ roleArn }), getIdToken });
 *
 * createRoot(root).render(
 *   <AwsCredentialsProvider client={client}>
 *     <App />
 *   </AwsCredentialsProvider>,
 * );
 */
export function AwsCredentialsProvider(props: AwsCredentialsProviderProps): ReactNode {
  const owned = useOwnedClient(props.client ? undefined : props.options);
  const client = props.client ?? owned;
  if (!client) {
    throw new Error(
      '<AwsCredentialsProvider> needs a `client` (from createCredentialsClient()) or `options` to create one.',
    );
  }
  return <AwsCredentialsContext.Provider value={client}>{props.children}</AwsCredentialsContext.Provider>;
}
