// Type tests (checked by `typecheck`): what the public API infers.
import { S3Client } from '@aws-sdk/client-s3';
import { expectTypeOf } from 'vitest';
import {
  type AwsCredentials,
  AwsCredentialsProvider,
  type CredentialsClient,
  type CredentialsError,
  type CredentialsStatus,
  useAwsClient,
  useAwsCredentials,
} from '../src/index.js';

declare const client: CredentialsClient;

export function Typed() {
  const s3 = useAwsClient(S3Client, { region: 'eu-west-1', forcePathStyle: true });
  expectTypeOf(s3).toEqualTypeOf<S3Client>();
  // `credentials` is wired by the hook, so the config does not take it.
  // @ts-expect-error credentials is not part of the config
  useAwsClient(S3Client, { region: 'eu-west-1', credentials: client.provider });
  // @ts-expect-error not an S3 option
  useAwsClient(S3Client, { region: 'eu-west-1', notAnOption: true });

  const state = useAwsCredentials();
  expectTypeOf(state.status).toEqualTypeOf<CredentialsStatus>();
  expectTypeOf(state.credentials).toEqualTypeOf<AwsCredentials | null>();
  expectTypeOf(state.error).toEqualTypeOf<CredentialsError | null>();
  expectTypeOf(state.refresh).returns.toEqualTypeOf<Promise<void>>();
  expectTypeOf(state.provider).toEqualTypeOf<CredentialsClient['provider']>();

  // @ts-expect-error client and options are exclusive
  const both = <AwsCredentialsProvider client={client} options={{ region: 'x' }} />;
  return both;
}
