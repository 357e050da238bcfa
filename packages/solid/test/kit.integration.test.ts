import { ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createComponent } from 'solid-js';
import { render } from 'solid-js/web';
import { describe, expect, inject, it, vi } from 'vitest';
import {
  type AwsCredentialsAccessors,
  AwsCredentialsProvider,
  fetchTransport,
  useAwsClient,
  webIdentity,
} from '../src/index.js';
import { Probe } from './harness.js';

// Real HTTP end to end: a real ID token from the local IdP, the real core client exchanging it with the local
// STS, and an S3 client from useAwsClient() signing real requests with the result.

const kit = inject('kit');
/** The STS exchanges the kit saw since `since`, from its control API. */
const exchangesSince = async (since: number) => {
  const res = await fetch(`${kit.config.stsEndpoint}/__kit/calls?action=AssumeRoleWithWebIdentity`);
  const calls = (await res.json()) as Array<{ time: string }>;
  return calls.filter((c) => Date.parse(c.time) >= since);
};

describe('against the local kit', () => {
  it('three components share one STS exchange, useAwsClient() signs S3 calls, sign-out empties all', async () => {
    const user = { token: kit.idToken as string | null };
    const since = Date.now();
    const apis: AwsCredentialsAccessors[] = [];
    let s3: S3Client | undefined;
    const target = document.createElement('div');
    const dispose = render(
      () =>
        createComponent(AwsCredentialsProvider, {
          options: {
            region: kit.config.region,
            source: webIdentity({ roleArn: kit.config.roleArn, endpoint: kit.config.stsEndpoint }),
            getIdToken: () => user.token,
            transport: fetchTransport(),
            crossTab: false,
          },
          get children() {
            s3 = useAwsClient(S3Client, {
              region: kit.config.region,
              endpoint: kit.config.s3Endpoint,
              forcePathStyle: true,
            });
            return Array.from({ length: 3 }, () => createComponent(Probe, { onApi: (a) => apis.push(a) }));
          },
        }),
      target,
    );
    await vi.waitFor(() => expect(apis.map((a) => a.status())).toEqual(['ready', 'ready', 'ready']), {
      timeout: 10_000,
    });
    expect(apis[0]!.identity()?.subject).toBe('alice');
    expect(apis[0]!.identity()?.assumedRoleArn).toContain('assumed-role/PhotoUploader/');
    expect(await exchangesSince(since - 1000)).toHaveLength(1);
    expect(apis[2]!.exchangeCount()).toBe(1);

    await s3!.send(
      new PutObjectCommand({ Bucket: kit.config.bucket, Key: 'uploads/alice/solid.txt', Body: 'from solid' }),
    );
    const listed = await s3!.send(
      new ListObjectsV2Command({ Bucket: kit.config.bucket, Prefix: 'uploads/alice/' }),
    );
    expect(listed.Contents?.map((o) => o.Key)).toContain('uploads/alice/solid.txt');
    await expect(
      s3!.send(new PutObjectCommand({ Bucket: kit.config.bucket, Key: 'uploads/bob/x.txt', Body: 'no' })),
    ).rejects.toMatchObject({ name: 'AccessDenied' });

    user.token = null;
    apis[1]!.signOut();
    expect(target.textContent).toBe('[signed-out|||1]'.repeat(3));
    await expect(
      s3!.send(new ListObjectsV2Command({ Bucket: kit.config.bucket, Prefix: 'uploads/alice/' })),
    ).rejects.toMatchObject({ name: 'CredentialsError' });
    dispose();
  });
});
