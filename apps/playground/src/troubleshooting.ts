import type { CredentialsErrorCode } from '@web-identity/react';

/**
 * Rows of the root README's troubleshooting table (you see / why / what to do), word for word in its
 * Markdown: the playground shows them next to the error the library raised, and `test/troubleshooting.test.ts`
 * fails when the README's table and this module say different things. Change both together.
 */
export interface TroubleshootingRow {
  code: CredentialsErrorCode;
  youSee: string;
  why: string;
  whatToDo: string;
}

export const TROUBLESHOOTING = {
  notAnIdToken: {
    code: 'NotAnIdToken',
    youSee: '`NotAnIdToken`: getIdToken() returned an access token',
    why: '`getIdToken` returns the access token (`user.access_token`, Auth0 `getAccessTokenSilently()`, a Cognito `accessToken`)',
    whatToDo:
      'return the **ID token**: `user.id_token` (oidc-client-ts / react-oidc-context), `(await getIdTokenClaims()).__raw` (Auth0), `credential` (Google Identity Services), `await user.getIdToken()` (Firebase), `session.getIdToken().getJwtToken()` (Cognito user pools)',
  },
  noOidcProvider: {
    code: 'InvalidIdentityToken',
    youSee: '`InvalidIdentityToken`: No OpenIDConnect provider found in your account',
    why: "the token's `iss` has no IAM OIDC identity provider, or the URL differs (trailing slash, http vs https)",
    whatToDo:
      'create the IAM OIDC provider with exactly the `iss` of your tokens and add your client ID as audience',
  },
  trustPolicy: {
    code: 'AccessDenied',
    youSee: '`AccessDenied`: Not authorized to perform sts:AssumeRoleWithWebIdentity',
    why: "the role's trust policy does not match the token: `aud` is not your client ID, a `sub`/`amr` condition excludes this user, or the role ARN is wrong",
    whatToDo:
      "check the trust policy's `StringEquals` on `<issuer>:aud` (the _client ID_, not an API audience) and the `Principal.Federated` provider ARN",
  },
  expired: {
    code: 'ExpiredIdentityToken',
    youSee: '`ExpiredIdentityToken` that keeps coming back',
    why: '`getIdToken({ forceRefresh: true })` returns the same cached, expired token',
    whatToDo:
      'on `forceRefresh`, renew silently (`signinSilent()`, `getIdToken(true)` in Firebase); if the IdP session is gone, sign the user in again and call `refresh()`',
  },
  throttled: {
    code: 'Throttled',
    youSee: '`Throttled`',
    why: 'many clients exchanging at once (one client per component, or a refresh storm from several tabs)',
    whatToDo:
      'create **one** client per app (the adapters do this); the library backs off with jitter on its own',
  },
} as const satisfies Record<string, TroubleshootingRow>;

export type TroubleshootingId = keyof typeof TROUBLESHOOTING;

/** The cells of one Markdown table row (`| a | b | c |`), trimmed. */
export function tableCells(line: string): string[] {
  return line
    .trim()
    .replace(/^\||\|$/g, '')
    .split(' | ')
    .map((cell) => cell.trim());
}
