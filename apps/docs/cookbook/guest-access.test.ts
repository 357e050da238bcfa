import { readFileSync } from 'node:fs';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { cognitoIdentityPool, createCredentialsClient, fetchTransport } from '@web-identity/core';
import {
  DEFAULT_ACCESS_KEY,
  type LocalAws,
  type LocalIdp,
  type PolicyDocument,
  providerName,
  startLocalAws,
  startLocalIdp,
} from '@web-identity/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The guest-access page's four policy files, installed as they are in the local AWS: a guest identity id is a
// bearer credential for the guest role, so the guest role must not reach what the authenticated role writes.
const policy = (file: string): PolicyDocument =>
  JSON.parse(readFileSync(new URL(`./guest-access/${file}`, import.meta.url), 'utf8')) as PolicyDocument;
const POOL = 'eu-west-1:7d1a3f0e-5b1c-4c9a-9a57-0f6e2d4b8c11';
const GUEST_ROLE = 'arn:aws:iam::123456789012:role/cookbook-guest';
const USER_ROLE = 'arn:aws:iam::123456789012:role/cookbook-user';

let idp: LocalIdp;
let aws: LocalAws;

beforeAll(async () => {
  idp = await startLocalIdp();
  aws = await startLocalAws({
    idp,
    buckets: ['photos'],
    roles: [
      {
        arn: GUEST_ROLE,
        trustPolicy: policy('guest-trust-policy.json'),
        permissions: [policy('guest-permissions-policy.json')],
      },
      {
        arn: USER_ROLE,
        trustPolicy: policy('authenticated-trust-policy.json'),
        permissions: [policy('authenticated-permissions-policy.json')],
      },
    ],
    identityPools: [
      {
        id: POOL,
        providers: { [providerName(idp.issuer)]: [idp.clientId] },
        authenticatedRoleArn: USER_ROLE,
        unauthenticatedRoleArn: GUEST_ROLE,
        allowUnauthenticated: true,
      },
    ],
  });
});
afterAll(async () => {
  await aws?.close();
  await idp?.close();
});

const s3 = (credentials: S3Client['config']['credentials'] | typeof DEFAULT_ACCESS_KEY) =>
  new S3Client({
    region: aws.region,
    endpoint: aws.endpoint,
    forcePathStyle: true,
    maxAttempts: 1,
    credentials,
  });

const denied = (p: Promise<unknown>) =>
  p.then(
    () => 'allowed',
    (e: { name?: string }) => e.name,
  );

describe('guest access policies (cookbook/guest-access)', () => {
  it("a planted guest id, even when linked, gives its planter's keys nothing the signed-in user writes", async () => {
    await s3(DEFAULT_ACCESS_KEY).send(
      new PutObjectCommand({ Bucket: 'photos', Key: 'public/menu.txt', Body: 'soup' }),
    );
    // The planter mints a guest identity and its keys, then leaves its id in the victim's storage (worst case: a
    // forged fresh record, so the bound does not drop it and the victim's login is linked to it).
    const transport = fetchTransport();
    const opts = { region: aws.region, endpoint: aws.endpoint, signal: new AbortController().signal };
    const { identityId: planted } = await transport.cognitoGetId({ identityPoolId: POOL }, opts);
    const planterKeys = await transport.cognitoGetCredentialsForIdentity({ identityId: planted }, opts);
    const map = new Map([
      [`web-identity:guest-identity-id:${POOL}`, JSON.stringify({ id: planted, at: Date.now() })],
    ]);
    const client = createCredentialsClient({
      region: aws.region,
      source: cognitoIdentityPool({
        identityPoolId: POOL,
        endpoint: aws.endpoint,
        guest: true,
        guestStorage: {
          getItem: (k) => map.get(k) ?? null,
          setItem: (k, v) => void map.set(k, v),
          removeItem: (k) => void map.delete(k),
        },
      }),
      getIdToken: () => idp.issueIdToken({ sub: 'victim' }),
      transport,
    });
    await client.getCredentials();
    expect(client.getSnapshot().identity?.identityId).toBe(planted);
    const secret = `private/${planted}/passport.jpg`;
    await s3(client.provider).send(new PutObjectCommand({ Bucket: 'photos', Key: secret, Body: 'mine' }));
    client.dispose();

    const planter = s3(planterKeys);
    expect(
      await denied(planter.send(new GetObjectCommand({ Bucket: 'photos', Key: 'public/menu.txt' }))),
    ).toBe('allowed');
    expect(await denied(planter.send(new GetObjectCommand({ Bucket: 'photos', Key: secret })))).toBe(
      'AccessDenied',
    );
    expect(
      await denied(
        planter.send(new PutObjectCommand({ Bucket: 'photos', Key: secret, Body: 'overwritten' })),
      ),
    ).toBe('AccessDenied');
  });
});
