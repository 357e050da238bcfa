import { AssumeRoleWithWebIdentityCommand } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalKit, startLocalKit } from '../src/index.js';
import { rejectionOf, stsClient } from './helpers.js';

let kit: LocalKit;
beforeAll(async () => {
  kit = await startLocalKit();
});
afterAll(() => kit.close());

describe('startLocalKit and the control API', () => {
  it('returns the config the example apps read', () => {
    expect(kit.config).toEqual({
      region: 'eu-west-1',
      issuer: kit.idp.issuer,
      clientId: 'web-identity-demo',
      stsEndpoint: kit.aws.endpoint,
      roleArn: 'arn:aws:iam::123456789012:role/PhotoUploader',
      s3Endpoint: kit.aws.endpoint,
      bucket: 'demo-uploads',
      identityPoolId: kit.aws.identityPools[0]!.id,
      loginUrl: `${kit.idp.issuer}/auth`,
    });
  });

  it('lets another process inject faults and read calls over HTTP', async () => {
    const post = (body: unknown) =>
      fetch(`${kit.aws.endpoint}/__kit/faults`, { method: 'POST', body: JSON.stringify(body) });
    expect((await post({ fault: 'throttle', args: [1] })).status).toBe(204);
    const exchange = async () =>
      stsClient(kit.aws).send(
        new AssumeRoleWithWebIdentityCommand({
          RoleArn: kit.config.roleArn,
          RoleSessionName: 'alice',
          WebIdentityToken: await kit.idp.issueIdToken({ sub: 'alice' }),
        }),
      );
    expect((await rejectionOf(exchange())).name).toBe('Throttling');
    await exchange();
    const calls = await (
      await fetch(`${kit.aws.endpoint}/__kit/calls?action=AssumeRoleWithWebIdentity`)
    ).json();
    expect(calls.map((c: { outcome: string }) => c.outcome)).toEqual(['Throttling', 'success']);
    expect((await fetch(`${kit.aws.endpoint}/__kit/calls`, { method: 'DELETE' })).status).toBe(204);
    expect(kit.aws.calls()).toEqual([]);
    expect((await post({ fault: 'nonsense' })).status).toBe(400);
    expect((await post({ fault: 'reset' })).status).toBe(204);
  });
});
