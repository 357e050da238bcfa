// Type tests for the public API's inference, checked by `pnpm typecheck` (tsc), never executed.
import type { Signal } from '@angular/core';
import { S3Client } from '@aws-sdk/client-s3';
import type { Observable } from 'rxjs';
import { expectTypeOf } from 'vitest';
import {
  type AwsCredentials,
  type AwsCredentialsService,
  type CredentialsStatus,
  injectAwsClient,
  provideAwsCredentials,
  withAwsSigV4,
} from '../src/index';

declare const aws: AwsCredentialsService;

// injectAwsClient infers the SDK client type and takes its config without `credentials`.
expectTypeOf(
  injectAwsClient(S3Client, { region: 'eu-west-1', forcePathStyle: true }),
).toEqualTypeOf<S3Client>();
// @ts-expect-error credentials always come from AwsCredentialsService.provider
injectAwsClient(S3Client, { region: 'eu-west-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
// @ts-expect-error not an S3 option
injectAwsClient(S3Client, { regoin: 'eu-west-1' });

// Signals and observables carry the core types.
expectTypeOf(aws.credentials).toEqualTypeOf<Signal<AwsCredentials | null>>();
expectTypeOf(aws.status).toEqualTypeOf<Signal<CredentialsStatus>>();
expectTypeOf(aws.credentials$).toEqualTypeOf<Observable<AwsCredentials | null>>();
expectTypeOf(aws.status$).toEqualTypeOf<Observable<CredentialsStatus>>();

// refresh() resolves with nothing (it never rejects); getCredentials() resolves with credentials.
expectTypeOf(aws.refresh).returns.toEqualTypeOf<Promise<void>>();
expectTypeOf(aws.getCredentials).returns.toEqualTypeOf<Promise<AwsCredentials>>();

// provideAwsCredentials takes options or a client factory, nothing else.
// @ts-expect-error a client must be handed in through a factory
provideAwsCredentials({ getSnapshot: () => null });

// withAwsSigV4 requires a region and the URLs to sign.
// @ts-expect-error region and urls are required
withAwsSigV4({ service: 'execute-api' });
