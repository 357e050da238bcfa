import { ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { flushSync, mount, unmount } from 'svelte';
import { describe, expect, inject, it, vi } from 'vitest';
import { type AwsCredentialsState, fetchTransport, webIdentity } from '../src/index.js';
import KitApp from './fixtures/KitApp.svelte';

// Real HTTP end to end: a real ID token from the local IdP, the real core client exchanging it with the local
// STS, and an S3 client from getAwsClient() signing real requests with the result.

const kit = inject('kit');
const idToken = kit.idToken;
/** The STS exchanges the kit saw since `since`, from its control API. */
const exchangesSince = async (since: number) => {
  const res = await fetch(`${kit.config.stsEndpoint}/__kit/calls?action=AssumeRoleWithWebIdentity`);
  const calls = (await res.json()) as Array<{ time: string }>;
  return calls.filter((c) => Date.parse(c.time) >= since);
};

describe('against the local kit', () => {
  it('three components share one STS exchange, getAwsClient() signs S3 calls, sign-out empties all', async () => {
    const user = { token: idToken as string | null };
    const since = Date.now();
    const apis: AwsCredentialsState[] = [];
    let s3: S3Client | undefined;
    const target = document.createElement('div');
    const app = mount(KitApp, {
      target,
      props: {
        input: {
          region: kit.config.region,
          source: webIdentity({ roleArn: kit.config.roleArn, endpoint: kit.config.stsEndpoint }),
          getIdToken: () => user.token,
          transport: fetchTransport(),
          crossTab: false,
        },
        s3Config: { region: kit.config.region, endpoint: kit.config.s3Endpoint, forcePathStyle: true },
        onS3: (c: S3Client) => (s3 = c),
        onApi: (a: unknown) => apis.push(a as AwsCredentialsState),
      },
    });
    flushSync();
    await vi.waitFor(() => expect(apis.map((a) => a.status)).toEqual(['ready', 'ready', 'ready']), {
      timeout: 10_000,
    });
    expect(apis[0]!.identity?.subject).toBe('alice');
    expect(apis[0]!.identity?.assumedRoleArn).toContain('assumed-role/PhotoUploader/');
    expect(await exchangesSince(since - 1000)).toHaveLength(1);
    expect(apis[2]!.exchangeCount).toBe(1);

    await s3!.send(
      new PutObjectCommand({
        Bucket: kit.config.bucket,
        Key: 'uploads/alice/svelte.txt',
        Body: 'from svelte',
      }),
    );
    const listed = await s3!.send(
      new ListObjectsV2Command({ Bucket: kit.config.bucket, Prefix: 'uploads/alice/' }),
    );
    expect(listed.Contents?.map((o) => o.Key)).toContain('uploads/alice/svelte.txt');
    await expect(
      s3!.send(new PutObjectCommand({ Bucket: kit.config.bucket, Key: 'uploads/bob/x.txt', Body: 'no' })),
    ).rejects.toMatchObject({ name: 'AccessDenied' });

    user.token = null;
    apis[1]!.signOut();
    flushSync();
    expect([...target.querySelectorAll('.probe')].map((p) => p.textContent)).toEqual(
      Array(3).fill('signed-out|||1'),
    );
    await expect(
      s3!.send(new ListObjectsV2Command({ Bucket: kit.config.bucket, Prefix: 'uploads/alice/' })),
    ).rejects.toMatchObject({ name: 'CredentialsError' });
    unmount(app);
  });
});
