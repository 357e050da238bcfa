import { DestroyRef, type EnvironmentProviders, inject, makeEnvironmentProviders } from '@angular/core';
import {
  type CredentialsClient,
  type CredentialsClientOptions,
  createCredentialsClient,
} from '@web-identity/core';
import { AwsCredentialsService } from './aws-credentials.service';
import { AWS_CREDENTIALS_CLIENT } from './tokens';

/**
 * Provides `AwsCredentialsService` (and `AWS_CREDENTIALS_CLIENT`) to an application or any environment
 * injector.
 *
 * - `provideAwsCredentials(options)` creates one client with `createCredentialsClient(options)` and
 *   disposes it when the injector is destroyed.
 * - `provideAwsCredentials(() => client)` uses the client the factory returns, as is; the adapter never
 *   disposes it (you own it). The factory runs in an injection context, so it may call `inject()`.
 *
 * @example
 * ```ts
 * export const appConfig: ApplicationConfig = {
 *   providers: [
 *     provideAwsCredentials({
 *       region: 'eu-west-1',
 *       source: webIdentity({ roleArn: 'arn:aws:iam::123456789012:role/PhotoUploader' }),
 *       getIdToken: async () => (await userManager.getUser())?.id_token ?? null,
 *     }),
 *   ],
 * };
 * ```
 */
export function provideAwsCredentials(
  optionsOrFactory: CredentialsClientOptions | (() => CredentialsClient),
): EnvironmentProviders {
  const clientFactory =
    typeof optionsOrFactory === 'function'
      ? optionsOrFactory
      : (): CredentialsClient => {
          const client = createCredentialsClient(optionsOrFactory);
          inject(DestroyRef).onDestroy(() => client.dispose());
          return client;
        };
  return makeEnvironmentProviders([
    { provide: AWS_CREDENTIALS_CLIENT, useFactory: clientFactory },
    { provide: AwsCredentialsService, useFactory: () => new AwsCredentialsService() },
  ]);
}
