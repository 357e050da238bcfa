import { AssumeRoleWithWebIdentityCommand, InvalidIdentityTokenException } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GOOGLE_ISSUER, type LocalAws, type LocalIdp, startLocalAws, startLocalIdp } from '../src/index.js';
import { rejectionOf, stsClient } from './helpers.js';

// A real provider's issuer registered offline: its keys come from the local IdP (`jwksUri`), so tests and
// the docs' cookbook can check trust policies written for the provider's exact URL and condition keys.
const AUTH0 = 'https://example-tenant.eu.auth0.com/';
const GOOGLE_ROLE = 'arn:aws:iam::123456789012:role/FromGoogle';
const AUTH0_ROLE = 'arn:aws:iam::123456789012:role/FromAuth0';
const WEB_CLIENT = '1234-web.apps.googleusercontent.com';

let idp: LocalIdp;
let aws: LocalAws;

beforeAll(async () => {
  idp = await startLocalIdp();
  aws = await startLocalAws({
    issuers: [
      { url: GOOGLE_ISSUER, jwksUri: idp.jwksUri },
      { url: AUTH0, jwksUri: idp.jwksUri },
    ],
    roles: [
      {
        arn: GOOGLE_ROLE,
        trustPolicy: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Federated: 'accounts.google.com' },
              Action: 'sts:AssumeRoleWithWebIdentity',
              Condition: { StringEquals: { 'accounts.google.com:aud': WEB_CLIENT } },
            },
          ],
        },
      },
      {
        arn: AUTH0_ROLE,
        trustPolicy: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Federated: 'arn:aws:iam::123456789012:oidc-provider/example-tenant.eu.auth0.com' },
              Action: 'sts:AssumeRoleWithWebIdentity',
              Condition: { StringEquals: { 'example-tenant.eu.auth0.com:aud': 'spa-client' } },
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

const assumeRole = (RoleArn: string, WebIdentityToken: string) =>
  stsClient(aws).send(
    new AssumeRoleWithWebIdentityCommand({ RoleArn, RoleSessionName: 'cookbook', WebIdentityToken }),
  );

describe('an issuer registered with jwksUri', () => {
  it('verifies tokens whose iss is the real provider URL with the configured keys', async () => {
    const token = await idp.issueIdToken({ iss: AUTH0, aud: 'spa-client', sub: 'auth0|42' });
    const out = await assumeRole(AUTH0_ROLE, token);
    expect(out.Provider).toBe('example-tenant.eu.auth0.com');
    expect(out.SubjectFromWebIdentityToken).toBe('auth0|42');
  });

  it('still refuses a token signed by a key outside those keys', async () => {
    const token = await idp.issueIdToken({ iss: AUTH0, aud: 'spa-client' }, { foreignKey: true });
    expect(await rejectionOf(assumeRole(AUTH0_ROLE, token))).toBeInstanceOf(InvalidIdentityTokenException);
  });

  it('compares the issuer exactly: no trailing slash is another provider', async () => {
    const token = await idp.issueIdToken({ iss: AUTH0.slice(0, -1), aud: 'spa-client' });
    const err = await rejectionOf(assumeRole(AUTH0_ROLE, token));
    expect(err).toBeInstanceOf(InvalidIdentityTokenException);
    expect((err as Error).message).toMatch(/No OpenIDConnect provider found/);
  });
});

describe('Google (accounts.google.com)', () => {
  it('is trusted as the built-in principal, and :aud is the azp claim when present', async () => {
    const token = await idp.issueIdToken({ iss: GOOGLE_ISSUER, azp: WEB_CLIENT, aud: 'some-server-client' });
    expect((await assumeRole(GOOGLE_ROLE, token)).Provider).toBe('accounts.google.com');
  });

  it('uses aud for :aud when there is no azp', async () => {
    const token = await idp.issueIdToken({ iss: GOOGLE_ISSUER, aud: WEB_CLIENT, azp: undefined });
    expect((await assumeRole(GOOGLE_ROLE, token)).Provider).toBe('accounts.google.com');
  });

  it('refuses when azp names another client, even if aud is the trusted one (aud is :oaud then)', async () => {
    const token = await idp.issueIdToken({ iss: GOOGLE_ISSUER, azp: 'other-client', aud: WEB_CLIENT });
    expect(await rejectionOf(assumeRole(GOOGLE_ROLE, token))).toMatchObject({ name: 'AccessDenied' });
  });
});
