/**
 * The cookbook's providers: what each IdP's ID token looks like (issuer, audience, the claims that
 * matter), as its public documentation describes it. `cookbook.test.ts` registers each issuer in the
 * local kit (signed with the local IdP's keys, `jwksUri`), installs `<id>/trust-policy.json` as a role's
 * trust policy and `<id>/permissions-policy.json` as its permissions, and checks AWS's decisions.
 * The example values (tenant, client id, project) are the ones the pages tell you to replace.
 */
export interface CookbookProvider {
  id: string;
  title: string;
  /** The `iss` claim of the provider's ID tokens, exactly (the IAM OIDC provider URL). */
  issuer: string;
  /** The audience the trust policy pins (the client / application / project id). */
  audience: string;
  /** Claims of a typical ID token beyond `iss`, `aud`, `sub`, `iat`, `exp`. */
  claims: Record<string, unknown>;
  /** A user's `sub`. */
  sub: string;
  /** A token the trust policy must refuse although it is signed by the same issuer. */
  wrongAudience: Record<string, unknown>;
}

export const PROVIDERS: CookbookProvider[] = [
  {
    id: 'auth0',
    title: 'Auth0',
    issuer: 'https://example-tenant.eu.auth0.com/',
    audience: 'k3Ji9ExampleSpaClientId0000000000',
    sub: 'auth0|64f1c2e9a1b2c3d4e5f60718',
    claims: { nickname: 'alice', sid: 'x1y2z3', nonce: 'n-0S6_WzA2Mj' },
    // An access token for an Auth0 API has the API identifier as audience.
    wrongAudience: { aud: ['https://api.example.com/', 'https://example-tenant.eu.auth0.com/userinfo'] },
  },
  {
    id: 'okta',
    title: 'Okta',
    issuer: 'https://example.okta.com/oauth2/default',
    audience: '0oa1b2c3d4ExampleSpa697',
    sub: '00u1a2b3c4ExampleUser697',
    claims: { ver: 1, amr: ['pwd'], idp: '00o1a2b3c4ExampleIdp697', auth_time: 1_700_000_000 },
    wrongAudience: { aud: 'api://default' },
  },
  {
    id: 'google',
    title: 'Google (Identity Services)',
    issuer: 'https://accounts.google.com',
    audience: '123456789012-example.apps.googleusercontent.com',
    sub: '110169484474386276334',
    claims: {
      azp: '123456789012-example.apps.googleusercontent.com',
      email: 'alice@example.com',
      email_verified: true,
      nbf: Math.floor(Date.now() / 1000) - 60,
    },
    // Another web client of any Google project: Google signs its tokens with the same keys.
    wrongAudience: {
      aud: '999999999999-someone-else.apps.googleusercontent.com',
      azp: '999999999999-someone-else.apps.googleusercontent.com',
    },
  },
  {
    id: 'keycloak',
    title: 'Keycloak',
    issuer: 'https://sso.example.com/realms/photos',
    audience: 'photos-spa',
    sub: 'f3c1a2b4-5d6e-4f70-8a9b-0c1d2e3f4a5b',
    claims: { azp: 'photos-spa', typ: 'ID', preferred_username: 'alice', session_state: 's-1' },
    // Keycloak's access tokens say `aud: account` (or nothing) and `typ: Bearer`.
    wrongAudience: { aud: 'account', azp: 'photos-spa' },
  },
  {
    id: 'cognito-user-pools',
    title: 'Amazon Cognito user pools',
    issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123',
    audience: '1example23456789clientid0',
    sub: 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111',
    claims: { token_use: 'id', 'cognito:username': 'alice', auth_time: 1_700_000_000, email_verified: true },
    wrongAudience: { aud: '7otherappclient0000000000' },
  },
  {
    id: 'entra-id',
    title: 'Microsoft Entra ID',
    issuer: 'https://login.microsoftonline.com/72f988bf-0000-4000-8000-2d7cd011db47/v2.0',
    audience: '6731de76-14a6-49ae-97bc-6eba6914391e',
    sub: 'AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ',
    claims: {
      tid: '72f988bf-0000-4000-8000-2d7cd011db47',
      oid: '00000000-0000-0000-66f3-3332eca7ea81',
      ver: '2.0',
      preferred_username: 'alice@example.com',
    },
    // An access token for Microsoft Graph.
    wrongAudience: { aud: '00000003-0000-0000-c000-000000000000' },
  },
  {
    id: 'firebase',
    title: 'Firebase Auth',
    issuer: 'https://securetoken.google.com/photos-example-1a2b3',
    audience: 'photos-example-1a2b3',
    sub: 'Xk9bQ2exampleFirebaseUid0001',
    claims: {
      user_id: 'Xk9bQ2exampleFirebaseUid0001',
      auth_time: 1_700_000_000,
      firebase: { identities: { email: ['alice@example.com'] }, sign_in_provider: 'password' },
    },
    // Another Firebase project: Google signs every project's tokens with the same keys.
    wrongAudience: { aud: 'someone-elses-project' },
  },
];
