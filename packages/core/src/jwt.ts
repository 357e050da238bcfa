import { CredentialsError } from './errors.js';
import type { IdTokenClaims } from './types.js';

function decodePart(part: string): Record<string, unknown> | null {
  try {
    const b64 = part.replace(/-/g, '+').replace(/_/g, '/');
    const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
    const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
    const value: unknown = JSON.parse(new TextDecoder().decode(bytes));
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/**
 * Decodes a JWT's header and claims without verifying it (AWS verifies), and rejects locally what can
 * never be an OpenID Connect ID token, so no STS call is wasted on it.
 *
 * @example
 * const claims = readIdToken(token); // throws CredentialsError('NotAnIdToken') for an access token
 */
export function readIdToken(token: unknown): IdTokenClaims {
  if (typeof token !== 'string' || token.length === 0) {
    throw new CredentialsError(
      'NotAnIdToken',
      'getIdToken() returned something that is not a token string. Return the ID token (a JWT) from your IdP SDK, or null when signed out.',
    );
  }
  const parts = token.split('.');
  const header = parts.length === 3 ? decodePart(parts[0]!) : null;
  const claims = parts.length === 3 ? decodePart(parts[1]!) : null;
  if (!header || !claims) {
    throw new CredentialsError(
      'NotAnIdToken',
      'getIdToken() returned a token that is not a JWT (perhaps an opaque access token). Return the OpenID Connect ID token (e.g. user.id_token in oidc-client-ts).',
    );
  }
  const typ = typeof header.typ === 'string' ? header.typ.toLowerCase() : '';
  const why =
    claims.token_use === 'access'
      ? 'it says token_use: access'
      : typ === 'at+jwt' || typ === 'application/at+jwt'
        ? 'its header says typ: at+jwt'
        : claims.aud === undefined
          ? 'it has no aud claim'
          : claims.iat === undefined
            ? 'it has no iat claim'
            : '';
  if (why) {
    throw new CredentialsError(
      'NotAnIdToken',
      `getIdToken() returned an access token, not an ID token (${why}). AWS only accepts the OpenID Connect ID token: return user.id_token (oidc-client-ts), getIdTokenClaims().__raw (Auth0) or the idToken of your IdP SDK.`,
    );
  }
  return claims as IdTokenClaims;
}

/**
 * Sanitises a role session name to AWS's `[\w+=,.@-]{2,64}` (other characters become `-`).
 *
 * @example
 * sanitizeSessionName('alice smith/admin'); // 'alice-smith-admin'
 */
export function sanitizeSessionName(name: unknown): string {
  let s = String(name ?? '')
    .replace(/[^\w+=,.@-]/g, '-')
    .slice(0, 64);
  if (s.length < 2) s = `web-identity${s ? `-${s}` : ''}`.slice(0, 64);
  return s;
}
