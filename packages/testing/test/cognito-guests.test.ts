/** Guests (unauthenticated identities) of the local Cognito Identity, and their switch to signed-in users. */
import {
  CognitoIdentityClient,
  GetCredentialsForIdentityCommand,
  GetIdCommand,
  GetOpenIdTokenCommand,
  NotAuthorizedException,
  ResourceNotFoundException,
} from '@aws-sdk/client-cognito-identity';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { AssumeRoleWithWebIdentityCommand } from '@aws-sdk/client-sts';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  COGNITO_GUEST_ROLE_ARN,
  COGNITO_ROLE_ARN,
  DEFAULT_ACCESS_KEY,
  DEFAULT_IDENTITY_POOL_ID,
  GUEST_IDENTITY_POOL_ID,
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

beforeAll(async () => {
  idp = await startLocalIdp();
  aws = await startLocalAws({ idp });
  cognito = new CognitoIdentityClient({ region: aws.region, endpoint: aws.endpoint, maxAttempts: 1 });
  provider = providerName(idp.issuer);
  const admin = s3Client(aws, DEFAULT_ACCESS_KEY);
  await admin.send(new PutObjectCommand({ Bucket: 'demo-uploads', Key: 'public/menu.txt', Body: 'soup' }));
});
afterAll(async () => {
  await aws.close();
  await idp.close();
});
beforeEach(() => aws.clearCalls());

const logins = async (sub: string) => ({ [provider]: await idp.issueIdToken({ sub }) });
const newGuest = async () =>
  (await cognito.send(new GetIdCommand({ IdentityPoolId: GUEST_IDENTITY_POOL_ID }))).IdentityId!;
const keysOf = (out: {
  Credentials?: { AccessKeyId?: string; SecretKey?: string; SessionToken?: string };
}) => ({
  accessKeyId: out.Credentials!.AccessKeyId!,
  secretAccessKey: out.Credentials!.SecretKey!,
  sessionToken: out.Credentials!.SessionToken!,
});

describe('guests of an identity pool that allows them', () => {
  it('GetId without logins mints a new identity each time; its keys read public/ and nothing else', async () => {
    const guest = await newGuest();
    expect(await newGuest()).not.toBe(guest);
    const out = await cognito.send(new GetCredentialsForIdentityCommand({ IdentityId: guest }));
    expect(out.IdentityId).toBe(guest);
    const call = aws.calls({ action: 'GetCredentialsForIdentity' })[0]!;
    expect(call.roleArn).toBe(COGNITO_GUEST_ROLE_ARN);
    expect(call.logins).toEqual([]);
    const s3 = s3Client(aws, keysOf(out));
    const got = await s3.send(new GetObjectCommand({ Bucket: 'demo-uploads', Key: 'public/menu.txt' }));
    expect(await got.Body!.transformToString()).toBe('soup');
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'demo-uploads', Prefix: 'public/' }));
    expect(listed.Contents?.map((o) => o.Key)).toContain('public/menu.txt');
    const put = await rejectionOf(
      s3.send(new PutObjectCommand({ Bucket: 'demo-uploads', Key: `uploads/${guest}/x.txt`, Body: 'x' })),
    );
    expect(put.name).toBe('AccessDenied');
  });

  it('logins sent with a guest id are linked to it: same id, authenticated role, calls() name them', async () => {
    const guest = await newGuest();
    const out = await cognito.send(
      new GetCredentialsForIdentityCommand({ IdentityId: guest, Logins: await logins('carol') }),
    );
    expect(out.IdentityId).toBe(guest);
    const call = aws.calls({ action: 'GetCredentialsForIdentity' })[0]!;
    expect(call).toMatchObject({ linked: 'linked', logins: [provider], roleArn: COGNITO_ROLE_ARN });
    const again = await cognito.send(
      new GetIdCommand({ IdentityPoolId: GUEST_IDENTITY_POOL_ID, Logins: await logins('carol') }),
    );
    expect(again.IdentityId).toBe(guest);
    // Now authenticated: without the login it is refused, as AWS refuses it.
    const bare = await rejectionOf(cognito.send(new GetCredentialsForIdentityCommand({ IdentityId: guest })));
    expect(bare).toBeInstanceOf(NotAuthorizedException);
  });

  it('a login that already has an identity merges the guest into it: that id answers, the guest is disabled', async () => {
    const dave = (
      await cognito.send(
        new GetIdCommand({ IdentityPoolId: GUEST_IDENTITY_POOL_ID, Logins: await logins('dave') }),
      )
    ).IdentityId!;
    const guest = await newGuest();
    const out = await cognito.send(
      new GetCredentialsForIdentityCommand({ IdentityId: guest, Logins: await logins('dave') }),
    );
    expect(out.IdentityId).toBe(dave);
    expect(guest).not.toBe(dave);
    const call = aws.calls({ action: 'GetCredentialsForIdentity' })[0]!;
    expect(call).toMatchObject({ linked: 'merged', identityId: dave, roleArn: COGNITO_ROLE_ARN });
    const gone = await rejectionOf(cognito.send(new GetCredentialsForIdentityCommand({ IdentityId: guest })));
    expect(gone).toBeInstanceOf(NotAuthorizedException);
    expect(gone.message).toMatch(/forbidden/);
  });

  it('basic flow: a guest OpenID token (amr unauthenticated) lets STS assume the guest role only', async () => {
    const guest = await newGuest();
    const oid = await cognito.send(new GetOpenIdTokenCommand({ IdentityId: guest }));
    expect(decodeJwt(oid.Token!).amr).toEqual(['unauthenticated']);
    const assume = (RoleArn: string) =>
      stsClient(aws).send(
        new AssumeRoleWithWebIdentityCommand({
          RoleArn,
          RoleSessionName: 'guest',
          WebIdentityToken: oid.Token!,
        }),
      );
    const ok = await assume(COGNITO_GUEST_ROLE_ARN);
    expect(ok.AssumedRoleUser?.Arn).toContain('CognitoGuestReader');
    expect((await rejectionOf(assume(COGNITO_ROLE_ARN))).name).toBe('AccessDenied');
  });

  it('an unknown identity id → ResourceNotFoundException', async () => {
    const err = await rejectionOf(
      cognito.send(
        new GetCredentialsForIdentityCommand({
          IdentityId: 'eu-west-1:22222222-2222-4222-8222-222222222222',
        }),
      ),
    );
    expect(err).toBeInstanceOf(ResourceNotFoundException);
  });
});

describe('a pool that does not allow guests (allowUnauthenticated: false)', () => {
  it('GetId without logins → NotAuthorizedException', async () => {
    const err = await rejectionOf(
      cognito.send(new GetIdCommand({ IdentityPoolId: DEFAULT_IDENTITY_POOL_ID })),
    );
    expect(err).toBeInstanceOf(NotAuthorizedException);
    expect(err.message).toMatch(/Unauthenticated access is not supported/);
  });
});
