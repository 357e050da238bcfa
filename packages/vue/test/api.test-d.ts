import { S3Client } from '@aws-sdk/client-s3';
import type { AwsCredentials, CredentialsStatus } from '@web-identity/core';
import { describe, expectTypeOf, it } from 'vitest';
import type { Plugin } from 'vue';
import {
  type AwsCredentialsPlugin,
  createAwsCredentials,
  useAwsClient,
  useAwsCredentials,
} from '../src/index.js';

describe('public types', () => {
  it('useAwsCredentials() returns readonly refs of the snapshot fields', () => {
    const api = useAwsCredentials();
    expectTypeOf(api.status.value).toEqualTypeOf<CredentialsStatus>();
    expectTypeOf(api.credentials.value).toEqualTypeOf<AwsCredentials | null>();
    expectTypeOf(api.exchangeCount.value).toEqualTypeOf<number>();
    // @ts-expect-error the refs are readonly
    api.status.value = 'ready';
    expectTypeOf(api.refresh).returns.toEqualTypeOf<Promise<void>>();
  });

  it('useAwsClient() infers the SDK client and its config, without `credentials`', () => {
    const s3 = useAwsClient(S3Client, { region: 'eu-west-1', forcePathStyle: true });
    expectTypeOf(s3).toEqualTypeOf<S3Client>();
    // @ts-expect-error credentials come from the plugin's provider
    useAwsClient(S3Client, { region: 'eu-west-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
  });

  it('createAwsCredentials() is a Vue plugin', () => {
    expectTypeOf(createAwsCredentials).returns.toEqualTypeOf<AwsCredentialsPlugin>();
    expectTypeOf<AwsCredentialsPlugin>().toExtend<Plugin<[]>>();
  });
});
