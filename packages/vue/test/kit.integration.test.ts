// @vitest-environment node
import { ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { fetchTransport, webIdentity } from '@web-identity/core';
import { type LocalKit, signInWithPassword, startLocalKit } from '@web-identity/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp, type EffectScope, effectScope } from 'vue';
import {
  createAwsCredentials,
  type UseAwsCredentialsReturn,
  useAwsClient,
  useAwsCredentials,
} from '../src/index.js';

// Real HTTP end to end: a real ID token from the local IdP, the real core client exchanging it with the
// local STS, and an S3 client from useAwsClient() signing real requests with the result.

let kit: LocalKit;
let idToken: string;

beforeAll(async () => {
  kit = await startLocalKit();
  ({ idToken } = await signInWithPassword(kit.config.issuer, { login: 'alice' }));
});
afterAll(async () => {
  await kit?.close();
});

describe('against the local kit', () => {
  it('50 consumers share one STS exchange, useAwsClient() signs S3 calls with it, sign-out empties all', async () => {
    const user = { token: idToken as string | null };
    const app = createApp({ render: () => null }).use(
      createAwsCredentials({
        region: kit.config.region,
        source: webIdentity({ roleArn: kit.config.roleArn, endpoint: kit.config.stsEndpoint }),
        getIdToken: () => user.token,
        transport: fetchTransport(),
      }),
    );
    const since = Date.now();
    const scopes: EffectScope[] = [];
    const apis: UseAwsCredentialsReturn[] = [];
    for (let i = 0; i < 50; i++) {
      const scope = effectScope();
      scopes.push(scope);
      apis.push(app.runWithContext(() => scope.run(() => useAwsCredentials())!));
    }
    await vi.waitFor(() => expect(apis[49]!.status.value).toBe('ready'), { timeout: 10_000 });
    expect(new Set(apis.map((a) => a.status.value))).toEqual(new Set(['ready']));
    expect(apis[0]!.identity.value?.subject).toBe('alice');
    expect(apis[0]!.identity.value?.assumedRoleArn).toContain('assumed-role/PhotoUploader/');
    const exchanges = kit.aws
      .calls({ action: 'AssumeRoleWithWebIdentity' })
      .filter((c) => c.time.getTime() >= since - 1000);
    expect(exchanges).toHaveLength(1);
    expect(apis[0]!.exchangeCount.value).toBe(1);

    const s3Config = { region: kit.config.region, endpoint: kit.config.s3Endpoint, forcePathStyle: true };
    const s3 = app.runWithContext(() => useAwsClient(S3Client, s3Config));
    expect(app.runWithContext(() => useAwsClient(S3Client, { ...s3Config }))).toBe(s3);
    await s3.send(
      new PutObjectCommand({ Bucket: kit.config.bucket, Key: 'uploads/alice/vue.txt', Body: 'from vue' }),
    );
    const listed = await s3.send(
      new ListObjectsV2Command({ Bucket: kit.config.bucket, Prefix: 'uploads/alice/' }),
    );
    expect(listed.Contents?.map((o) => o.Key)).toContain('uploads/alice/vue.txt');
    await expect(
      s3.send(new PutObjectCommand({ Bucket: kit.config.bucket, Key: 'uploads/bob/x.txt', Body: 'no' })),
    ).rejects.toMatchObject({ name: 'AccessDenied' });

    // Sign-out: every consumer empties, and the S3 client can no longer sign.
    user.token = null;
    apis[0]!.signOut();
    expect(new Set(apis.map((a) => a.status.value))).toEqual(new Set(['signed-out']));
    expect(apis[7]!.credentials.value).toBeNull();
    await expect(apis[3]!.client.getCredentials()).rejects.toMatchObject({ name: 'CredentialsError' });
    await expect(
      s3.send(new ListObjectsV2Command({ Bucket: kit.config.bucket, Prefix: 'uploads/alice/' })),
    ).rejects.toMatchObject({ name: 'CredentialsError' });

    for (const scope of scopes) scope.stop();
    app.unmount();
  });
});
