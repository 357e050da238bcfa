import { type CredentialsClient, type CredentialsSnapshot, getServerSnapshot } from '@web-identity/core';
import { BROWSER } from 'esm-env';
import { type Readable, readable } from 'svelte/store';
import { awsCredentialsContext } from './context.js';

/**
 * The credentials snapshot as a readable store, for Svelte 4-style code (`$creds.status`) and for code outside
 * components (pass `client`). The store subscribes to the client while it has subscribers. Its first value is
 * always the signed-out snapshot and the client's own follows a microtask later, so server rendering (where it
 * never subscribes to the client) and hydration agree.
 *
 * @example
 * <script>
 *   import { getAwsCredentialsStore } from '@web-identity/svelte';
 *   const creds = getAwsCredentialsStore();
 * </script>
 * <p>{$creds.status} {$creds.identity?.subject ?? ''}</p>
 */
export function getAwsCredentialsStore(client?: CredentialsClient): Readable<CredentialsSnapshot> {
  const target = client ?? awsCredentialsContext('getAwsCredentialsStore').client;
  return readable(getServerSnapshot(), (set) => {
    if (!BROWSER) return;
    let unsubscribe: (() => void) | undefined;
    let stopped = false;
    queueMicrotask(() => {
      if (stopped) return;
      unsubscribe = target.subscribe(set);
      set(target.getSnapshot());
    });
    return () => {
      stopped = true;
      unsubscribe?.();
    };
  });
}
