import { type CredentialsClient, type CredentialsSnapshot, getServerSnapshot } from '@web-identity/core';
import { quietActions, SNAPSHOT_FIELDS, type SnapshotField } from '@web-identity/core/internal';
import {
  getCurrentInstance,
  getCurrentScope,
  hasInjectionContext,
  inject,
  onMounted,
  onScopeDispose,
  type ShallowRef,
  shallowReadonly,
  shallowRef,
  ssrContextKey,
} from 'vue';
import { injectAwsCredentials } from './context.js';
import type { ReadonlyShallowRef, SnapshotRefs, UseAwsCredentialsReturn } from './types.js';

const ro = <T>(r: ShallowRef<T>): ReadonlyShallowRef<T> => shallowReadonly(r) as ReadonlyShallowRef<T>;

/**
 * The credentials of the app's client as readonly shallow refs, plus `refresh`, `signOut` and `provider`.
 * Subscribes to the client (which starts its session) and unsubscribes when the calling component or
 * effect scope is disposed. On the server it renders the signed-out state and does not subscribe; during
 * hydration it starts signed out and takes over once mounted.
 *
 * Pass `client` to use it outside an injection context, e.g. inside `effectScope().run(...)`.
 *
 * @example
 * <script setup lang="ts">
 * import { useAwsCredentials } from '@web-identity/vue';
 * const { status, credentials, identity, refresh } = useAwsCredentials();
 * </script>
 * <template>
 *   <p>{{ status }} {{ identity?.subject }}</p>
 *   <button :disabled="credentials == null" @click="refresh">Refresh</button>
 * </template>
 */
export function useAwsCredentials(client?: CredentialsClient): UseAwsCredentialsReturn {
  const target = client ?? injectAwsCredentials('useAwsCredentials').client;
  const serverRendering = hasInjectionContext() && inject(ssrContextKey, null) != null;
  // During hydration the component's vnode already points at server-rendered DOM.
  const hydrating = getCurrentInstance()?.vnode.el != null;
  const initial = serverRendering || hydrating ? getServerSnapshot() : target.getSnapshot();

  const snapshot = shallowRef<CredentialsSnapshot>(initial);
  // One ref per snapshot field, from core's list of them.
  const fields = Object.fromEntries(SNAPSHOT_FIELDS.map((k) => [k, shallowRef(initial[k])])) as {
    [K in SnapshotField]: ShallowRef<CredentialsSnapshot[K]>;
  };

  // shallowRef only triggers when a value is not Object.is-equal, so unchanged fields stay quiet (the core keeps
  // a snapshot's Date objects while the instant stays the same).
  const apply = (next: CredentialsSnapshot): void => {
    snapshot.value = next;
    for (const k of SNAPSHOT_FIELDS) (fields[k] as ShallowRef<unknown>).value = next[k];
  };

  if (!serverRendering) {
    let unsubscribe: (() => void) | undefined;
    let disposed = false;
    const start = (): void => {
      if (disposed) return;
      unsubscribe = target.subscribe(apply);
      apply(target.getSnapshot());
    };
    if (getCurrentScope()) {
      onScopeDispose(() => {
        disposed = true;
        unsubscribe?.();
      });
    } else if (process.env.NODE_ENV !== 'production') {
      console.warn(
        '[web-identity] useAwsCredentials() was called outside any component or effect scope, so its ' +
          'subscription is never ended. Call it in setup() or inside effectScope().run(...).',
      );
    }
    if (hydrating) onMounted(start);
    else start();
  }

  return {
    ...(Object.fromEntries(
      SNAPSHOT_FIELDS.map((k) => [k, ro(fields[k] as ShallowRef<unknown>)]),
    ) as unknown as SnapshotRefs),
    snapshot: ro(snapshot),
    ...quietActions(target),
    provider: target.provider,
    client: target,
  };
}
