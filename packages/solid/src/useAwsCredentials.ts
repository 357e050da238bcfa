import { type CredentialsClient, type CredentialsSnapshot, getServerSnapshot } from '@web-identity/core';
import { quietActions, SNAPSHOT_FIELDS, type SnapshotField } from '@web-identity/core/internal';
import { batch, createSignal, getOwner, onCleanup, onMount, type Setter, sharedConfig } from 'solid-js';
import { isServer } from 'solid-js/web';
import { useAwsCredentialsContext } from './context.js';
import type { AwsCredentialsAccessors, SnapshotAccessors } from './types.js';

/**
 * The credentials of the provider's client as accessors (signals), plus `refresh`, `signOut` and `provider`.
 * Subscribes to the client (which starts its session) and unsubscribes when the calling component or root is
 * cleaned up. On the server it renders the signed-out state and never subscribes; while hydrating it starts
 * signed out and takes over once mounted.
 *
 * Pass `client` to use it outside a provider, e.g. inside `createRoot(...)`.
 *
 * @example
 * function Panel() {
 *   const { status, credentials, identity, refresh } = useAwsCredentials();
 *   return <p>{status()} {identity()?.subject} <button disabled={credentials() == null} onClick={refresh}>Refresh</button></p>;
 * }
 */
export function useAwsCredentials(client?: CredentialsClient): AwsCredentialsAccessors {
  const target = client ?? useAwsCredentialsContext('useAwsCredentials').client;
  const hydrating = sharedConfig.context != null;
  const initial = isServer || hydrating ? getServerSnapshot() : target.getSnapshot();

  const [snapshot, setSnapshot] = createSignal<CredentialsSnapshot>(initial);
  // One signal per field, from core's list of them; a signal only notifies when its value changes.
  const fields = Object.fromEntries(SNAPSHOT_FIELDS.map((k) => [k, createSignal(initial[k])])) as {
    [K in SnapshotField]: [() => CredentialsSnapshot[K], Setter<CredentialsSnapshot[K]>];
  };
  const apply = (next: CredentialsSnapshot): void =>
    batch(() => {
      setSnapshot(() => next);
      for (const k of SNAPSHOT_FIELDS) (fields[k][1] as (v: () => unknown) => void)(() => next[k]);
    });

  if (!isServer) {
    let unsubscribe: (() => void) | undefined;
    let disposed = false;
    const start = (): void => {
      if (disposed) return;
      unsubscribe = target.subscribe(apply);
      apply(target.getSnapshot());
    };
    if (getOwner()) {
      onCleanup(() => {
        disposed = true;
        unsubscribe?.();
      });
    } else if (process.env.NODE_ENV !== 'production') {
      console.warn(
        '[web-identity] useAwsCredentials() was called outside a component or root, so its subscription is ' +
          'never ended. Call it in a component or inside createRoot(...).',
      );
    }
    if (hydrating) onMount(start);
    else start();
  }

  return {
    ...(Object.fromEntries(SNAPSHOT_FIELDS.map((k) => [k, fields[k][0]])) as unknown as SnapshotAccessors),
    snapshot,
    ...quietActions(target),
    provider: target.provider,
    client: target,
  };
}
