/**
 * The README's opening example, run as written against the local kit: the only additions are the kit's
 * endpoints (real apps use AWS's) and an in-memory stand-in for the OIDC library's user manager.
 */
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { startLocalAws, startLocalIdp } from '@web-identity/testing';
import { expect, it } from 'vitest';
import { createCredentialsClient, webIdentity } from '../src/index.js';

it('the README example runs', async () => {
  const idp = await startLocalIdp();
  const aws = await startLocalAws({ idp });
  const userManager = { getUser: async () => ({ id_token: await idp.issueIdToken({ sub: 'alice' }) }) };
  try {
    // --- README example ---
    const client = createCredentialsClient({
      region: 'eu-west-1',
      source: webIdentity({
        roleArn: 'arn:aws:iam::123456789012:role/PhotoUploader',
        endpoint: aws.endpoint,
      }),
      getIdToken: async () => (await userManager.getUser())?.id_token ?? null, // your OIDC library
    });
    const s3 = new S3Client({
      region: 'eu-west-1',
      credentials: client.provider,
      endpoint: aws.endpoint,
      forcePathStyle: true,
    });
    await s3.send(new PutObjectCommand({ Bucket: 'demo-uploads', Key: 'uploads/alice/a.txt', Body: 'hi' }));
    // --- end ---
    expect(aws.calls({ action: 'PutObject' }).map((c) => c.outcome)).toEqual(['success']);
    s3.destroy();
    client.dispose();
  } finally {
    await aws.close();
    await idp.close();
  }
});
