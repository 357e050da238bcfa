/**
 * Angular bindings: `provideAwsCredentials()`, `AwsCredentialsService` (signals and RxJS), `injectAwsClient()`; re-exports `@web-identity/core`, so an app installs one package.
 *
 * @packageDocumentation
 * @module @web-identity/angular
 */
export * from '@web-identity/core';
export { AwsCredentialsService } from './lib/aws-credentials.service';
export { injectAwsClient } from './lib/inject-aws-client';
export { provideAwsCredentials } from './lib/provide-aws-credentials';
export { AWS_CREDENTIALS_CLIENT } from './lib/tokens';
export { type AwsSigV4Options, withAwsSigV4 } from './lib/with-aws-sigv4';
