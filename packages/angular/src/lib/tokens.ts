import { InjectionToken } from '@angular/core';
import type { CredentialsClient } from '@web-identity/core';

/**
 * The `CredentialsClient` behind `AwsCredentialsService`, set by `provideAwsCredentials()`.
 * Inject it when you need the core client itself (for example to pass it to non-Angular code).
 *
 * @example
 * const client = inject(AWS_CREDENTIALS_CLIENT);
 * client.subscribe((snapshot) => console.log(snapshot.status));
 */
export const AWS_CREDENTIALS_CLIENT = new InjectionToken<CredentialsClient>('AWS_CREDENTIALS_CLIENT');

/** @internal The service's factory when no `provideAwsCredentials()` is in scope: says how to fix it. */
export function missingProvider(): never {
  throw new Error(
    'AwsCredentialsService has no client: add provideAwsCredentials(...) to the providers of ' +
      'bootstrapApplication (or of the environment injector that uses it). ' +
      'See https://github.com/web-identity/web-identity/tree/main/packages/angular#install',
  );
}
