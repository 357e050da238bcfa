import type { CredentialsClient } from '@web-identity/core';
import type { SdkClientCache } from '@web-identity/core/internal';
import { hasInjectionContext, type InjectionKey, inject } from 'vue';

/** Per-app state the plugin provides: the core client and the SDK clients `useAwsClient()` memoised. */
export interface AwsCredentialsInjection {
  readonly client: CredentialsClient;
  readonly sdkClients: SdkClientCache;
}

/**
 * The injection key under which `createAwsCredentials()` provides its context. Exported for tests and
 * for libraries that want to provide a client to a sub-tree with `provide()`.
 *
 * @example
 * provide(AwsCredentialsKey, { client, sdkClients: new SdkClientCache(client.provider) });
 */
export const AwsCredentialsKey: InjectionKey<AwsCredentialsInjection> = Symbol('web-identity');

/** Injects the plugin's context or throws an error that names the fix. */
export function injectAwsCredentials(fnName: string): AwsCredentialsInjection {
  if (!hasInjectionContext()) {
    throw new Error(
      `${fnName}() was called outside an injection context. Call it inside setup() (or a composable ` +
        'called from setup(), a Pinia setup store, app.runWithContext()), or, outside components, pass the ' +
        'client: effectScope().run(() => useAwsCredentials(client)).',
    );
  }
  const ctx = inject(AwsCredentialsKey, null);
  if (ctx === null) {
    throw new Error(
      `${fnName}() found no AWS credentials client: install the plugin first with ` +
        'app.use(createAwsCredentials(options)) or app.use(createAwsCredentials(client)).',
    );
  }
  return ctx;
}
