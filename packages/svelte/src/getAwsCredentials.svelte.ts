import { type CredentialsClient, type CredentialsSnapshot, getServerSnapshot } from '@web-identity/core';
import { quietActions, SNAPSHOT_FIELDS } from '@web-identity/core/internal';
import { awsCredentialsContext } from './context.js';
import type { AwsCredentialsState } from './types.js';

/**
 * The credentials of the nearest `setAwsCredentials()` client as a reactive object (Svelte 5 runes): one getter
 * per snapshot field, plus `refresh`, `signOut`, `provider` and `client`. Test `creds.credentials != null` for
 * "usable". Call it during component initialisation; the subscription ends when the component is destroyed.
 *
 * It starts signed out and takes over once mounted, so server rendering (which never subscribes, hence never
 * calls STS) and hydration render the same thing. Pass `client` to read a client that is not in context.
 *
 * @example
 * <script lang="ts">
 *   import { getAwsCredentials } from '@web-identity/svelte';
 *   const creds = getAwsCredentials();
 * </script>
 * <p>{creds.status} {creds.identity?.subject}</p>
 * <button disabled={creds.credentials == null} onclick={creds.refresh}>Refresh</button>
 */
export function getAwsCredentials(client?: CredentialsClient): AwsCredentialsState {
  const target = client ?? awsCredentialsContext('getAwsCredentials').client;
  let snapshot = $state.raw<CredentialsSnapshot>(getServerSnapshot());

  // Effects run only in the browser, after mount (or hydration): that is when the session may start.
  $effect(() => {
    snapshot = target.getSnapshot();
    return target.subscribe((next) => {
      snapshot = next;
    });
  });

  const state = {
    get snapshot() {
      return snapshot;
    },
    ...quietActions(target),
    provider: target.provider,
    client: target,
  };
  // One getter per field of core's snapshot, from core's list of them.
  for (const field of SNAPSHOT_FIELDS) {
    Object.defineProperty(state, field, { enumerable: true, get: () => snapshot[field] });
  }
  return state as AwsCredentialsState;
}
