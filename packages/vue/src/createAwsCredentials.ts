import {
  type CreateCredentialsClientOptions,
  type CredentialsClient,
  createCredentialsClient,
} from '@web-identity/core';
import { SdkClientCache } from '@web-identity/core/internal';
import type { App } from 'vue';
import { type AwsCredentialsInjection, AwsCredentialsKey } from './context.js';

/** The Vue plugin returned by `createAwsCredentials()`. */
export interface AwsCredentialsPlugin {
  /** Called by `app.use()`: provides the client to the app and ties an options-created client to it. */
  install(app: App): void;
  /**
   * The core client this plugin provides (created on first access or install when built from options), for
   * code outside components such as router guards: `await plugin.client.getCredentials()`.
   */
  readonly client: CredentialsClient;
}

function isClient(value: CreateCredentialsClientOptions | CredentialsClient): value is CredentialsClient {
  return (
    typeof (value as CredentialsClient).subscribe === 'function' &&
    typeof (value as CredentialsClient).getSnapshot === 'function'
  );
}

function onAppUnmount(app: App, fn: () => void): void {
  // `app.onUnmount` exists since Vue 3.5; wrap `unmount` on 3.3 and 3.4.
  if (typeof app.onUnmount === 'function') {
    app.onUnmount(fn);
    return;
  }
  const unmount = app.unmount;
  app.unmount = function (this: App) {
    unmount.call(this);
    fn();
  };
}

/**
 * Creates the plugin that provides a credentials client to the whole app.
 *
 * - From `options`: the client is created once (creating it does nothing until a component subscribes) and
 *   disposed when the app unmounts.
 * - From a `client`: the client is used as is and never disposed by the plugin (you own it).
 *
 * @example
 * import { createApp } from 'vue';
 * import { createAwsCredentials, webIdentity } from '@web-identity/vue';
 *
 * createApp(App)
 *   .use(createAwsCredentials({
 *     region: 'eu-west-1',
 *     source: webIdentity({ roleArn: 'arn:aws:iam::123456789012:role/PhotoUploader' }),
 *     getIdToken: async () => (await userManager.getUser())?.id_token ?? null,
 *   }))
 *   .mount('#app');
 */
export function createAwsCredentials(
  input: CreateCredentialsClientOptions | CredentialsClient,
): AwsCredentialsPlugin {
  const owned = !isClient(input);
  let client: CredentialsClient | undefined = owned ? undefined : (input as CredentialsClient);
  let installs = 0;

  const getClient = (): CredentialsClient => {
    if (client === undefined) client = createCredentialsClient(input as CreateCredentialsClientOptions);
    return client;
  };

  return {
    get client() {
      return getClient();
    },
    install(app: App) {
      const ctxClient = getClient();
      const ctx: AwsCredentialsInjection = {
        client: ctxClient,
        sdkClients: new SdkClientCache(ctxClient.provider),
      };
      installs++;
      app.provide(AwsCredentialsKey, ctx);
      onAppUnmount(app, () => {
        ctx.sdkClients.destroy();
        installs--;
        // An options-created client lives as long as the last app that installed the plugin.
        if (owned && installs === 0 && client === ctx.client) {
          client.dispose();
          client = undefined;
        }
      });
    },
  };
}
