import { randomBytes } from 'node:crypto';
import {
  AssumeRoleWithWebIdentityCommand,
  type AssumeRoleWithWebIdentityCommandInput,
  ExpiredTokenException,
  IDPCommunicationErrorException,
  InvalidIdentityTokenException,
  MalformedPolicyDocumentException,
  PackedPolicyTooLargeException,
} from '@aws-sdk/client-sts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_ROLE_ARN,
  defaultRoles,
  type LocalAws,
  type LocalIdp,
  providerName,
  signInWithPassword,
  startLocalAws,
  startLocalIdp,
} from '../src/index.js';
import { rejectionOf, stsClient } from './helpers.js';

let idp: LocalIdp;
let aws: LocalAws;
const STRICT_ROLE = 'arn:aws:iam::123456789012:role/OnlyAlices';

beforeAll(async () => {
  idp = await startLocalIdp();
  aws = await startLocalAws({
    idp,
    roles: [
      ...defaultRoles([idp.issuer]),
      {
        arn: STRICT_ROLE,
        maxSessionDuration: 3600,
        trustPolicy: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Federated: `arn:aws:iam::123456789012:oidc-provider/${providerName(idp.issuer)}` },
              Action: 'sts:AssumeRoleWithWebIdentity',
              Condition: {
                StringEquals: { [`${providerName(idp.issuer)}:aud`]: 'web-identity-demo' },
                StringLike: { [`${providerName(idp.issuer)}:sub`]: 'alice*' },
              },
            },
          ],
        },
      },
    ],
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

const exchange = async (input: Partial<AssumeRoleWithWebIdentityCommandInput> = {}) =>
  stsClient(aws).send(
    new AssumeRoleWithWebIdentityCommand({
      RoleArn: DEFAULT_ROLE_ARN,
      RoleSessionName: 'alice-session',
      WebIdentityToken: input.WebIdentityToken ?? (await idp.issueIdToken({ sub: 'alice' })),
      ...input,
    }),
  );

describe('AssumeRoleWithWebIdentity', () => {
  it('trades an ID token for credentials shaped like AWS’s', async () => {
    const before = Date.now();
    const out = await exchange({ DurationSeconds: 1800 });
    const c = out.Credentials!;
    expect(c.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(c.SecretAccessKey).toHaveLength(40);
    expect(c.SessionToken!.length).toBeGreaterThan(300);
    expect(c.Expiration).toBeInstanceOf(Date);
    expect(c.Expiration!.getTime()).toBeGreaterThanOrEqual(
      Math.floor(before / 1000) * 1000 + 1800_000 - 1000,
    );
    expect(c.Expiration!.getTime()).toBeLessThanOrEqual(Date.now() + 1800_000);
    expect(out.SubjectFromWebIdentityToken).toBe('alice');
    expect(out.Audience).toBe('web-identity-demo');
    expect(out.Provider).toBe(providerName(idp.issuer));
    expect(out.AssumedRoleUser!.Arn).toBe(
      'arn:aws:sts::123456789012:assumed-role/PhotoUploader/alice-session',
    );
    expect(out.AssumedRoleUser!.AssumedRoleId).toMatch(/^AROA[A-Z2-7]{17}:alice-session$/);
    expect(out.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('accepts an ID token from the browser login flow', async () => {
    const { idToken } = await signInWithPassword(idp.issuer, { login: 'bob' });
    const out = await exchange({ WebIdentityToken: idToken, RoleSessionName: 'bob' });
    expect(out.SubjectFromWebIdentityToken).toBe('bob');
  });

  it('records which credentials it issued to which subject, and no secrets', async () => {
    const a = await exchange();
    const b = await exchange({
      WebIdentityToken: await idp.issueIdToken({ sub: 'bob' }),
      RoleSessionName: 'bob',
    });
    const calls = aws.calls({ action: 'AssumeRoleWithWebIdentity' });
    expect(calls.map((c) => [c.subject, c.issuedAccessKeyId, c.outcome, c.status])).toEqual([
      ['alice', a.Credentials!.AccessKeyId, 'success', 200],
      ['bob', b.Credentials!.AccessKeyId, 'success', 200],
    ]);
    expect(calls[0]!.service).toBe('sts');
    expect(calls[0]!.time).toBeInstanceOf(Date);
    const json = JSON.stringify(aws.calls());
    expect(json).not.toContain(a.Credentials!.SecretAccessKey);
    expect(json).not.toContain(a.Credentials!.SessionToken);
  });

  it('answers with Date and x-amzn-RequestId headers', async () => {
    const res = await fetch(aws.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        Action: 'AssumeRoleWithWebIdentity',
        Version: '2011-06-15',
        RoleArn: DEFAULT_ROLE_ARN,
        RoleSessionName: 'alice',
        WebIdentityToken: await idp.issueIdToken({ sub: 'alice' }),
      }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    expect(Math.abs(Date.parse(res.headers.get('date')!) - Date.now())).toBeLessThan(5_000);
    expect(res.headers.get('content-type')).toBe('text/xml');
    expect(await res.text()).toContain('<AssumeRoleWithWebIdentityResult>');
  });

  describe('token checks', () => {
    it('rejects something that is not a JWT as InvalidIdentityToken', async () => {
      const err = await rejectionOf(exchange({ WebIdentityToken: 'not-a-jwt-at-all' }));
      expect(err).toBeInstanceOf(InvalidIdentityTokenException);
      expect(err.$fault).toBe('client');
    });

    it('rejects a bad signature', async () => {
      const token = await idp.issueIdToken({ sub: 'alice' }, { foreignKey: true });
      expect(await rejectionOf(exchange({ WebIdentityToken: token }))).toBeInstanceOf(
        InvalidIdentityTokenException,
      );
    });

    it('rejects an issuer that is not a registered provider', async () => {
      const token = await idp.issueIdToken({ sub: 'alice', iss: 'https://unknown.example' });
      const err = await rejectionOf(exchange({ WebIdentityToken: token }));
      expect(err).toBeInstanceOf(InvalidIdentityTokenException);
      expect(err.message).toMatch(/No OpenIDConnect provider found/);
    });

    it('rejects an expired token as ExpiredTokenException', async () => {
      const token = await idp.issueIdToken({ sub: 'alice', expiresIn: -5 });
      expect(await rejectionOf(exchange({ WebIdentityToken: token }))).toBeInstanceOf(ExpiredTokenException);
    });

    it.each(['iat', 'aud', 'sub'])('rejects a token without %s', async (claim) => {
      const token = await idp.issueIdToken({ sub: 'alice', [claim]: undefined });
      const err = await rejectionOf(exchange({ WebIdentityToken: token }));
      expect(err).toBeInstanceOf(InvalidIdentityTokenException);
      expect(err.message).toContain(claim);
    });

    it('rejects an access token (no aud)', async () => {
      const token = await idp.issueAccessToken({ sub: 'alice' });
      expect(await rejectionOf(exchange({ WebIdentityToken: token }))).toBeInstanceOf(
        InvalidIdentityTokenException,
      );
    });

    it('refuses a token whose audience the trust policy does not accept', async () => {
      const token = await idp.issueIdToken({ sub: 'alice', aud: 'some-other-client' });
      const err = await rejectionOf(exchange({ WebIdentityToken: token }));
      expect(err.name).toBe('AccessDenied');
      expect(err.message).toBe('Not authorized to perform sts:AssumeRoleWithWebIdentity');
      expect((err.$metadata as { httpStatusCode: number }).httpStatusCode).toBe(403);
      expect(aws.calls()[0]).toMatchObject({ subject: 'alice', outcome: 'AccessDenied', status: 403 });
    });

    it('applies StringLike conditions on the subject', async () => {
      const ok = await exchange({
        RoleArn: STRICT_ROLE,
        WebIdentityToken: await idp.issueIdToken({ sub: 'alice-2' }),
      });
      expect(ok.AssumedRoleUser!.Arn).toContain('role/OnlyAlices'.replace('role/', 'assumed-role/'));
      const err = await rejectionOf(
        exchange({ RoleArn: STRICT_ROLE, WebIdentityToken: await idp.issueIdToken({ sub: 'bob' }) }),
      );
      expect(err.name).toBe('AccessDenied');
    });

    it('refuses a role that does not exist', async () => {
      const err = await rejectionOf(exchange({ RoleArn: 'arn:aws:iam::123456789012:role/Nope' }));
      expect(err.name).toBe('AccessDenied');
    });
  });

  describe('parameter limits', () => {
    it.each([
      ['malformed RoleArn', { RoleArn: 'not-an-arn-but-long-enough' }, /ARN/],
      ['1-char session name', { RoleSessionName: 'a' }, /roleSessionName/],
      ['session name with a space', { RoleSessionName: 'has space' }, /roleSessionName/],
      ['65-char session name', { RoleSessionName: 'x'.repeat(65) }, /roleSessionName/],
      ['DurationSeconds 899', { DurationSeconds: 899 }, /durationSeconds/],
      ['DurationSeconds 43201', { DurationSeconds: 43201 }, /durationSeconds/],
      [
        'DurationSeconds over the role max',
        { DurationSeconds: 7200, RoleArn: STRICT_ROLE },
        /MaxSessionDuration/,
      ],
      ['3-char token', { WebIdentityToken: 'abc' }, /webIdentityToken/],
      ['20001-char token', { WebIdentityToken: 'x'.repeat(20001) }, /webIdentityToken/],
      [
        '2049+ char policy',
        { Policy: `{"Version":"2012-10-17","Statement":[],"Pad":"${'x'.repeat(2048)}"}` },
        /policy/,
      ],
    ] as [string, Partial<AssumeRoleWithWebIdentityCommandInput>, RegExp][])(
      '%s → ValidationError',
      async (_label, input, message) => {
        const err = await rejectionOf(exchange(input));
        expect(err.name).toBe('ValidationError');
        expect(err.message).toMatch(message);
        expect(aws.calls().at(-1)!.outcome).toBe('ValidationError');
      },
    );

    it('accepts the maximum duration the role allows', async () => {
      const out = await exchange({ DurationSeconds: 43200 });
      expect(out.Credentials!.Expiration!.getTime() - Date.now()).toBeGreaterThan(43000_000);
    });

    it('rejects a policy that is not valid JSON as MalformedPolicyDocument', async () => {
      const err = await rejectionOf(exchange({ Policy: '{"Version": "2012-10-17", "Statement": [' }));
      expect(err).toBeInstanceOf(MalformedPolicyDocumentException);
    });

    it('rejects a session policy that packs too large', async () => {
      const resources = Array.from(
        { length: 24 },
        () => `arn:aws:s3:::${randomBytes(36).toString('base64url')}`,
      );
      const policy = JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: resources }],
      });
      expect(policy.length).toBeLessThanOrEqual(2048);
      expect(await rejectionOf(exchange({ Policy: policy }))).toBeInstanceOf(PackedPolicyTooLargeException);
    });

    it('reports PackedPolicySize for an accepted session policy', async () => {
      const out = await exchange({
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::demo-uploads/*' }],
        }),
      });
      expect(out.PackedPolicySize).toBeGreaterThan(0);
      expect(out.PackedPolicySize).toBeLessThanOrEqual(100);
    });
  });

  it('reports an unreachable IdP as IDPCommunicationError', async () => {
    aws.faults.idpDown();
    expect(await rejectionOf(exchange())).toBeInstanceOf(IDPCommunicationErrorException);
    aws.faults.idpUp();
    expect((await exchange()).Credentials).toBeDefined();
  });

  it('reports a registered issuer whose discovery does not answer as IDPCommunicationError', async () => {
    const gone = await startLocalIdp();
    const token = await gone.issueIdToken({ sub: 'alice' });
    await gone.close();
    const other = await startLocalAws({ idp: gone });
    try {
      const err = await rejectionOf(
        stsClient(other).send(
          new AssumeRoleWithWebIdentityCommand({
            RoleArn: DEFAULT_ROLE_ARN,
            RoleSessionName: 'alice',
            WebIdentityToken: token,
          }),
        ),
      );
      expect(err).toBeInstanceOf(IDPCommunicationErrorException);
    } finally {
      await other.close();
    }
  });
});
