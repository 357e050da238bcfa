import { Sha256 } from '@aws-crypto/sha256-js';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  BROKER_ROLE_ARN,
  DEFAULT_ACCESS_KEY,
  DEFAULT_ROLE_ARN,
  type LocalAws,
  type LocalIdp,
  startLocalAws,
  startLocalIdp,
} from '../src/index.js';
import { credentialsFor, rejectionOf, s3Client, stsClient } from './helpers.js';

let idp: LocalIdp;
let aws: LocalAws;
const READ_ONLY = 'arn:aws:iam::123456789012:policy/ReadOnlyUploads';

beforeAll(async () => {
  idp = await startLocalIdp();
  aws = await startLocalAws({
    idp,
    managedPolicies: {
      [READ_ONLY]: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::demo-uploads/*' }],
      },
    },
  });
});
afterAll(async () => {
  await aws.close();
  await idp.close();
});
beforeEach(() => {
  aws.faults.reset();
  aws.clearCalls();
});

const admin = () => stsClient(aws, DEFAULT_ACCESS_KEY);

describe('GetCallerIdentity (SigV4)', () => {
  it('identifies issued session credentials', async () => {
    const creds = await credentialsFor(aws, idp, 'alice');
    const me = await stsClient(aws, creds).send(new GetCallerIdentityCommand({}));
    expect(me.Arn).toBe('arn:aws:sts::123456789012:assumed-role/PhotoUploader/alice');
    expect(me.UserId).toMatch(/^AROA[A-Z2-7]{17}:alice$/);
    expect(me.Account).toBe('123456789012');
    expect(aws.calls({ action: 'GetCallerIdentity' })[0]).toMatchObject({
      subject: 'alice',
      accessKeyId: creds.accessKeyId,
      outcome: 'success',
    });
  });

  it('identifies long-term keys', async () => {
    const me = await admin().send(new GetCallerIdentityCommand({}));
    expect(me.Arn).toBe('arn:aws:iam::123456789012:user/local-admin');
    expect(me.UserId).toMatch(/^AIDA/);
  });

  it('rejects a wrong secret, unknown keys, a wrong session token and expired credentials', async () => {
    const creds = await credentialsFor(aws, idp, 'alice');
    const cases: [Record<string, string>, string, number][] = [
      [{ ...creds, secretAccessKey: 'y'.repeat(40) }, 'SignatureDoesNotMatch', 403],
      [{ ...creds, accessKeyId: 'ASIAAAAAAAAAAAAAAAAA' }, 'InvalidClientTokenId', 403],
      [{ ...creds, sessionToken: 'forged' }, 'InvalidClientTokenId', 403],
      [
        {
          accessKeyId: DEFAULT_ACCESS_KEY.accessKeyId,
          secretAccessKey: DEFAULT_ACCESS_KEY.secretAccessKey,
          sessionToken: 'x',
        },
        'InvalidClientTokenId',
        403,
      ],
    ];
    for (const [c, code, status] of cases) {
      const err = await rejectionOf(stsClient(aws, c as never).send(new GetCallerIdentityCommand({})));
      expect(err.name).toBe(code);
      expect((err.$metadata as { httpStatusCode: number }).httpStatusCode).toBe(status);
    }
    const short = await startLocalAws({ idp, credentialLifetimeSeconds: 1 });
    try {
      const c = await credentialsFor(short, idp, 'alice');
      short.faults.skewClock(2);
      const err = await rejectionOf(stsClient(short, c).send(new GetCallerIdentityCommand({})));
      expect(err.name).toBe('ExpiredToken');
    } finally {
      await short.close();
    }
  });

  it('answers MissingAuthenticationToken and IncompleteSignature for unsigned or garbage auth', async () => {
    const unsigned = await fetch(aws.endpoint, {
      method: 'POST',
      body: 'Action=GetCallerIdentity&Version=2011-06-15',
    });
    expect(unsigned.status).toBe(403);
    expect(await unsigned.text()).toContain('<Code>MissingAuthenticationToken</Code>');
    for (const auth of [
      'garbage',
      'AWS4-HMAC-SHA256 Credential=only',
      'AWS4-HMAC-SHA256 Credential=a/b, SignedHeaders=host, Signature=00',
    ]) {
      const res = await fetch(aws.endpoint, {
        method: 'POST',
        headers: {
          authorization: auth,
          'x-amz-date': '20260101T000000Z',
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: 'Action=GetCallerIdentity&Version=2011-06-15',
      });
      expect(res.status).toBe(400);
      expect(await res.text()).toContain('<Code>IncompleteSignature</Code>');
    }
  });

  it('checks the signing region and service', async () => {
    const creds = await credentialsFor(aws, idp, 'alice');
    const signer = new SignatureV4({
      service: 'sts',
      region: 'us-east-1',
      credentials: creds,
      sha256: Sha256,
    });
    const url = new URL(aws.endpoint);
    const body = 'Action=GetCallerIdentity&Version=2011-06-15';
    const signed = await signer.sign({
      method: 'POST',
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path: '/',
      headers: { host: url.host, 'content-type': 'application/x-www-form-urlencoded' },
      body,
      query: {},
    });
    const res = await fetch(aws.endpoint, { method: 'POST', headers: signed.headers, body });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
  });

  it('a skewed kit clock answers a clock-skew error the SDK recovers from', async () => {
    aws.faults.skewClock(1800);
    const creds = await credentialsFor(aws, idp, 'alice');
    const err = await rejectionOf(stsClient(aws, creds).send(new GetCallerIdentityCommand({})));
    expect(err.name).toBe('SignatureDoesNotMatch');
    expect(err.message).toMatch(/Signature expired/);
    // With retries, the SDK reads the Date header, corrects its clock offset and succeeds.
    const retrying = new STSClient({
      region: aws.region,
      endpoint: aws.endpoint,
      credentials: creds,
      maxAttempts: 3,
    });
    const me = await retrying.send(new GetCallerIdentityCommand({}));
    expect(me.Arn).toContain('assumed-role/PhotoUploader/alice');
  });
});

describe('AssumeRole (long-term keys)', () => {
  it('assumes a role with a session policy, tags and a source identity', async () => {
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::demo-uploads/uploads/alice/*' }],
    });
    const out = await admin().send(
      new AssumeRoleCommand({
        RoleArn: BROKER_ROLE_ARN,
        RoleSessionName: 'broker-alice',
        Policy: policy,
        Tags: [{ Key: 'sub', Value: 'alice' }],
        SourceIdentity: 'alice',
        DurationSeconds: 900,
      }),
    );
    expect(out.AssumedRoleUser!.Arn).toBe('arn:aws:sts::123456789012:assumed-role/PhotoBroker/broker-alice');
    expect(out.SourceIdentity).toBe('alice');
    expect(out.PackedPolicySize).toBeGreaterThan(0);
    const c = out.Credentials!;
    const s3 = s3Client(aws, {
      accessKeyId: c.AccessKeyId!,
      secretAccessKey: c.SecretAccessKey!,
      sessionToken: c.SessionToken!,
    });
    await s3.send(
      new PutObjectCommand({ Bucket: 'demo-uploads', Key: 'uploads/alice/brokered.txt', Body: 'b' }),
    );
    const denied = await rejectionOf(
      s3.send(new PutObjectCommand({ Bucket: 'demo-uploads', Key: 'uploads/bob/x', Body: 'b' })),
    );
    expect(denied.name).toBe('AccessDenied');
    expect(aws.calls({ action: 'AssumeRole' })[0]).toMatchObject({
      subject: 'alice',
      accessKeyId: DEFAULT_ACCESS_KEY.accessKeyId,
      issuedAccessKeyId: c.AccessKeyId,
    });
  });

  it('resolves the aws:PrincipalTag/sub policy variable in the default role', async () => {
    const out = await admin().send(
      new AssumeRoleCommand({
        RoleArn: DEFAULT_ROLE_ARN,
        RoleSessionName: 'tagged',
        Tags: [{ Key: 'sub', Value: 'bob' }],
      }),
    );
    const c = out.Credentials!;
    const s3 = s3Client(aws, {
      accessKeyId: c.AccessKeyId!,
      secretAccessKey: c.SecretAccessKey!,
      sessionToken: c.SessionToken!,
    });
    await s3.send(new PutObjectCommand({ Bucket: 'demo-uploads', Key: 'uploads/bob/t.txt', Body: 't' }));
    expect(
      (
        await rejectionOf(
          s3.send(new PutObjectCommand({ Bucket: 'demo-uploads', Key: 'uploads/alice/t', Body: 't' })),
        )
      ).name,
    ).toBe('AccessDenied');
  });

  it('applies managed policies passed as PolicyArns', async () => {
    const out = await admin().send(
      new AssumeRoleCommand({
        RoleArn: BROKER_ROLE_ARN,
        RoleSessionName: 'ro',
        PolicyArns: [{ arn: READ_ONLY }],
      }),
    );
    const c = out.Credentials!;
    const s3 = s3Client(aws, {
      accessKeyId: c.AccessKeyId!,
      secretAccessKey: c.SecretAccessKey!,
      sessionToken: c.SessionToken!,
    });
    expect(
      (
        await rejectionOf(
          s3.send(new PutObjectCommand({ Bucket: 'demo-uploads', Key: 'uploads/x/y', Body: 'y' })),
        )
      ).name,
    ).toBe('AccessDenied');
    const got = await rejectionOf(
      s3.send(new GetObjectCommand({ Bucket: 'demo-uploads', Key: 'uploads/none' })),
    );
    expect(got.name).toBe('NoSuchKey');
  });

  it('refuses roles that do not trust the caller, and bad parameters', async () => {
    const creds = await credentialsFor(aws, idp, 'alice');
    const denied = await rejectionOf(
      stsClient(aws, creds).send(
        new AssumeRoleCommand({ RoleArn: BROKER_ROLE_ARN, RoleSessionName: 'chain' }),
      ),
    );
    expect(denied.name).toBe('AccessDenied');
    expect(denied.message).toContain('sts:AssumeRole');
    const badTag = await rejectionOf(
      admin().send(
        new AssumeRoleCommand({
          RoleArn: BROKER_ROLE_ARN,
          RoleSessionName: 'x1',
          Tags: [{ Key: 'bad{key}', Value: 'v' }],
        }),
      ),
    );
    expect(badTag.name).toBe('ValidationError');
    const badSource = await rejectionOf(
      admin().send(
        new AssumeRoleCommand({ RoleArn: BROKER_ROLE_ARN, RoleSessionName: 'x1', SourceIdentity: 'aws:me' }),
      ),
    );
    expect(badSource.name).toBe('ValidationError');
    const badArn = await rejectionOf(
      admin().send(
        new AssumeRoleCommand({
          RoleArn: BROKER_ROLE_ARN,
          RoleSessionName: 'x1',
          PolicyArns: [{ arn: 'nope-not-an-arn-at-all' }],
        }),
      ),
    );
    expect(badArn.name).toBe('ValidationError');
    const missing = await rejectionOf(
      admin().send(new AssumeRoleCommand({ RoleArn: BROKER_ROLE_ARN, RoleSessionName: '' })),
    );
    expect(missing.name).toBe('MissingParameter');
  });
});
