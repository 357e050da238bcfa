import {
  type CredentialsClient,
  type CredentialsSnapshot,
  getServerSnapshot,
  quietActions,
} from '@web-identity/core';
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
import type { ReadonlyShallowRef, UseAwsCredentialsReturn } from './types.js';

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
  const credentials = shallowRef(initial.credentials);
  const status = shallowRef(initial.status);
  const error = shallowRef(initial.error);
  const expiresAt = shallowRef(initial.expiresAt);
  const refreshAt = shallowRef(initial.refreshAt);
  const identity = shallowRef(initial.identity);
  const exchangeCount = shallowRef(initial.exchangeCount);

  // shallowRef only triggers when a value is not Object.is-equal, so unchanged fields stay quiet.
  const apply = (next: CredentialsSnapshot): void => {
    snapshot.value = next;
    credentials.value = next.credentials;
    status.value = next.status;
    error.value = next.error;
    // The core keeps a snapshot's Date objects while the instant stays the same.
    expiresAt.value = next.expiresAt;
    refreshAt.value = next.refreshAt;
    identity.value = next.identity;
    exchangeCount.value = next.exchangeCount;
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
    credentials: ro(credentials),
    status: ro(status),
    error: ro(error),
    expiresAt: ro(expiresAt),
    refreshAt: ro(refreshAt),
    identity: ro(identity),
    exchangeCount: ro(exchangeCount),
    snapshot: ro(snapshot),
    ...quietActions(target),
    provider: target.provider,
    client: target,
  };
}
