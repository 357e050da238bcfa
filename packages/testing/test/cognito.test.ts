import {
  CognitoIdentityClient,
  ExternalServiceException,
  GetCredentialsForIdentityCommand,
  GetIdCommand,
  GetOpenIdTokenCommand,
  InvalidIdentityPoolConfigurationException,
  InvalidParameterException,
  NotAuthorizedException,
  ResourceNotFoundException,
  TooManyRequestsException,
} from '@aws-sdk/client-cognito-identity';
import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { AssumeRoleWithWebIdentityCommand } from '@aws-sdk/client-sts';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  COGNITO_ROLE_ARN,
  DEFAULT_IDENTITY_POOL_ID,
  DEFAULT_ROLE_ARN,
  type LocalAws,
  type LocalIdp,
  providerName,
  startLocalAws,
  startLocalIdp,
} from '../src/index.js';
import { rejectionOf, s3Client, stsClient } from './helpers.js';

let idp: LocalIdp;
let aws: LocalAws;
let cognito: CognitoIdentityClient;
let provider: string;
const MISCONFIGURED_POOL = 'eu-west-1:00000000-0000-4000-8000-00000000dead';

beforeAll(async () => {
  idp = await startLocalIdp();
  const base = await startLocalAws({ idp });
  const pools = [...base.identityPools];
  const roles = [...base.roles];
  await base.close();
  aws = await startLocalAws({
    idp,
    roles,
    identityPools: [
      ...pools,
      // Its role trusts only the OIDC IdP, not Cognito: GetCredentialsForIdentity must refuse.
      { id: MISCONFIGURED_POOL, providers: pools[0]!.providers, authenticatedRoleArn: DEFAULT_ROLE_ARN },
    ],
  });
  cognito = new CognitoIdentityClient({ region: aws.region, endpoint: aws.endpoint, maxAttempts: 1 });
  provider = providerName(idp.issuer);
});
afterAll(async () => {
  await aws.close();
  await idp.close();
});
beforeEach(() => {
  aws.faults.reset();
  aws.clearCalls();
});

const logins = async (sub = 'alice', claims: Record<string, unknown> = {}) => ({
  [provider]: await idp.issueIdToken({ sub, ...claims }),
});

describe('Cognito Identity', () => {
  it('GetId + GetCredentialsForIdentity give per-identity credentials that S3 honours', async () => {
    const { IdentityId } = await cognito.send(
      new GetIdCommand({ IdentityPoolId: DEFAULT_IDENTITY_POOL_ID, Logins: await logins() }),
    );
    expect(IdentityId).toMatch(/^eu-west-1:[0-9a-f-]{36}$/);
    const again = await cognito.send(
      new GetIdCommand({ IdentityPoolId: DEFAULT_IDENTITY_POOL_ID, Logins: await logins() }),
    );
    expect(again.IdentityId).toBe(IdentityId);
    const bob = await cognito.send(
      new GetIdCommand({ IdentityPoolId: DEFAULT_IDENTITY_POOL_ID, Logins: await logins('bob') }),
    );
    expect(bob.IdentityId).not.toBe(IdentityId);

    const out = await cognito.send(
      new GetCredentialsForIdentityCommand({ IdentityId, Logins: await logins() }),
    );
    const c = out.Credentials!;
    expect(out.IdentityId).toBe(IdentityId);
    expect(c.AccessKeyId).toMatch(/^ASIA/);
    expect(c.SecretKey).toHaveLength(40);
    expect(c.Expiration).toBeInstanceOf(Date);
    expect(c.Expiration!.getTime() - Date.now()).toBeGreaterThan(3500_000);

    const s3 = s3Client(aws, {
      accessKeyId: c.AccessKeyId!,
      secretAccessKey: c.SecretKey!,
      sessionToken: c.SessionToken!,
    });
    await s3.send(
      new PutObjectCommand({ Bucket: 'demo-uploads', Key: `uploads/${IdentityId}/x.txt`, Body: 'x' }),
    );
    const denied = await rejectionOf(
      s3.send(new PutObjectCommand({ Bucket: 'demo-uploads', Key: 'uploads/alice/x.txt', Body: 'x' })),
    );
    expect(denied.name).toBe('AccessDenied');
    const call = aws.calls({ action: 'GetCredentialsForIdentity' })[0]!;
    expect(call).toMatchObject({
      subject: 'alice',
      identityId: IdentityId,
      issuedAccessKeyId: c.AccessKeyId,
      roleArn: COGNITO_ROLE_ARN,
    });
  });

  it('GetOpenIdToken returns a Cognito token that STS accepts for a role trusting the pool', async () => {
    const { IdentityId } = await cognito.send(
      new GetIdCommand({ IdentityPoolId: DEFAULT_IDENTITY_POOL_ID, Logins: await logins() }),
    );
    const { Token } = await cognito.send(new GetOpenIdTokenCommand({ IdentityId, Logins: await logins() }));
    const claims = decodeJwt(Token!);
    expect(claims).toMatchObject({
      iss: 'https://cognito-identity.amazonaws.com',
      sub: IdentityId,
      aud: DEFAULT_IDENTITY_POOL_ID,
    });
    expect(claims.amr).toContain('authenticated');
    const out = await stsClient(aws).send(
      new AssumeRoleWithWebIdentityCommand({
        RoleArn: COGNITO_ROLE_ARN,
        RoleSessionName: 'basic-flow',
        WebIdentityToken: Token!,
      }),
    );
    expect(out.SubjectFromWebIdentityToken).toBe(IdentityId);
    const c = out.Credentials!;
    const s3 = s3Client(aws, {
      accessKeyId: c.AccessKeyId!,
      secretAccessKey: c.SecretAccessKey!,
      sessionToken: c.SessionToken!,
    });
    const list = await s3.send(
      new ListObjectsV2Command({ Bucket: 'demo-uploads', Prefix: `uploads/${IdentityId}/` }),
    );
    expect(list.$metadata.httpStatusCode).toBe(200);
  });

  describe('errors as the SDK’s modeled exceptions', () => {
    it('a bad or expired login token → NotAuthorizedException', async () => {
      const bad = await rejectionOf(
        cognito.send(
          new GetIdCommand({ IdentityPoolId: DEFAULT_IDENTITY_POOL_ID, Logins: { [provider]: 'garbage' } }),
        ),
      );
      expect(bad).toBeInstanceOf(NotAuthorizedException);
      const expired = await rejectionOf(
        cognito.send(
          new GetIdCommand({
            IdentityPoolId: DEFAULT_IDENTITY_POOL_ID,
            Logins: await logins('alice', { expiresIn: -1 }),
          }),
        ),
      );
      expect(expired).toBeInstanceOf(NotAuthorizedException);
      expect(expired.message).toMatch(/expired/i);
      const wrongAud = await rejectionOf(
        cognito.send(
          new GetIdCommand({
            IdentityPoolId: DEFAULT_IDENTITY_POOL_ID,
            Logins: await logins('alice', { aud: 'x' }),
          }),
        ),
      );
      expect(wrongAud).toBeInstanceOf(NotAuthorizedException);
    });

    it('a provider the pool does not know, or no logins → NotAuthorizedException', async () => {
      const other = await rejectionOf(
        cognito.send(
          new GetIdCommand({
            IdentityPoolId: DEFAULT_IDENTITY_POOL_ID,
            Logins: { 'accounts.google.com': 'x.y.z' },
          }),
        ),
      );
      expect(other).toBeInstanceOf(NotAuthorizedException);
      const unauth = await rejectionOf(
        cognito.send(new GetIdCommand({ IdentityPoolId: DEFAULT_IDENTITY_POOL_ID })),
      );
      expect(unauth).toBeInstanceOf(NotAuthorizedException);
      expect(unauth.message).toMatch(/Unauthenticated access/);
    });

    it('logins of another user → NotAuthorizedException', async () => {
      const { IdentityId } = await cognito.send(
        new GetIdCommand({ IdentityPoolId: DEFAULT_IDENTITY_POOL_ID, Logins: await logins() }),
      );
      const err = await rejectionOf(
        cognito.send(new GetCredentialsForIdentityCommand({ IdentityId, Logins: await logins('bob') })),
      );
      expect(err).toBeInstanceOf(NotAuthorizedException);
    });

    it('unknown pool or identity → ResourceNotFoundException; malformed ids → InvalidParameterException', async () => {
      expect(
        await rejectionOf(
          cognito.send(
            new GetIdCommand({
              IdentityPoolId: 'eu-west-1:11111111-1111-4111-8111-111111111111',
              Logins: await logins(),
            }),
          ),
        ),
      ).toBeInstanceOf(ResourceNotFoundException);
      expect(
        await rejectionOf(
          cognito.send(
            new GetCredentialsForIdentityCommand({
              IdentityId: 'eu-west-1:11111111-1111-4111-8111-111111111111',
            }),
          ),
        ),
      ).toBeInstanceOf(ResourceNotFoundException);
      expect(
        await rejectionOf(cognito.send(new GetIdCommand({ IdentityPoolId: 'not a pool id' }))),
      ).toBeInstanceOf(InvalidParameterException);
    });

    it('a role that does not trust Cognito → InvalidIdentityPoolConfigurationException', async () => {
      const { IdentityId } = await cognito.send(
        new GetIdCommand({ IdentityPoolId: MISCONFIGURED_POOL, Logins: await logins() }),
      );
      const err = await rejectionOf(
        cognito.send(new GetCredentialsForIdentityCommand({ IdentityId, Logins: await logins() })),
      );
      expect(err).toBeInstanceOf(InvalidIdentityPoolConfigurationException);
    });

    it('an unreachable IdP → ExternalServiceException; throttling → TooManyRequestsException', async () => {
      aws.faults.idpDown();
      expect(
        await rejectionOf(
          cognito.send(
            new GetIdCommand({ IdentityPoolId: DEFAULT_IDENTITY_POOL_ID, Logins: await logins() }),
          ),
        ),
      ).toBeInstanceOf(ExternalServiceException);
      aws.faults.reset().throttle(1);
      expect(
        await rejectionOf(
          cognito.send(
            new GetIdCommand({ IdentityPoolId: DEFAULT_IDENTITY_POOL_ID, Logins: await logins() }),
          ),
        ),
      ).toBeInstanceOf(TooManyRequestsException);
    });

    it('an unknown operation gets a JSON error with x-amzn-RequestId', async () => {
      const res = await fetch(aws.endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': 'AWSCognitoIdentityService.DeleteEverything',
        },
        body: '{}',
      });
      expect(res.status).toBe(400);
      expect((await res.json()).__type).toBe('UnknownOperationException');
      expect(res.headers.get('x-amzn-requestid')).toBeTruthy();
    });
  });
});
