// The README's opening example, verbatim (kept here so it cannot rot).
import { AssumeRoleWithWebIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type LocalKit, startLocalKit } from '../src/index.js';

let kit: LocalKit;
beforeAll(async () => (kit = await startLocalKit()));
afterAll(() => kit.close());

it('trades an ID token for AWS credentials', async () => {
  const sts = new STSClient({ region: kit.config.region, endpoint: kit.config.stsEndpoint });
  const { Credentials } = await sts.send(
    new AssumeRoleWithWebIdentityCommand({
      RoleArn: kit.config.roleArn,
      RoleSessionName: 'alice',
      WebIdentityToken: await kit.idp.issueIdToken({ sub: 'alice' }),
    }),
  );
  expect(Credentials?.AccessKeyId).toMatch(/^ASIA/);
  expect(kit.aws.calls({ action: 'AssumeRoleWithWebIdentity' })).toHaveLength(1);
});
