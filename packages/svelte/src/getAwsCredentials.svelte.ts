import { type CredentialsClient, type CredentialsSnapshot, getServerSnapshot } from '@web-identity/core';
import { quietActions, SNAPSHOT_FIELDS } from '@web-identity/core/internal';
import { awsCredentialsContext } from './context.js';
import type { AwsCredentialsState } from './types.js';

/** One piece of raw state; it only notifies its readers when the value written differs from the one held. */
function cell<T>(initial: T): { get(): T; set(next: T): void } {
  let value = $state.raw(initial);
  return {
    get: () => value,
    set: (next) => {
      value = next;
    },
  };
}

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
  const initial = getServerSnapshot();
  const snapshot = cell(initial);
  // One cell per field, from core's list of them: reading `creds.status` re-runs only when the status changes.
  const fields = new Map(SNAPSHOT_FIELDS.map((k) => [k, cell<unknown>(initial[k])]));
  const apply = (next: CredentialsSnapshot): void => {
    snapshot.set(next);
    for (const [k, c] of fields) c.set(next[k]);
  };

  // Effects run only in the browser, after mount (or hydration): that is when the session may start.
  $effect(() => {
    apply(target.getSnapshot());
    return target.subscribe(apply);
  });

  const state = {
    get snapshot() {
      return snapshot.get();
    },
    ...quietActions(target),
    provider: target.provider,
    client: target,
  };
  for (const [k, c] of fields) Object.defineProperty(state, k, { enumerable: true, get: c.get });
  return state as AwsCredentialsState;
}
