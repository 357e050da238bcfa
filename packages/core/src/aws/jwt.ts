import { CredentialsError } from '../errors.js';
import type { IdTokenClaims } from '../types.js';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * The bytes of an unpadded base64url text, without `atob` (absent in Hermes before React Native 0.74); throws on
 * a character outside the alphabet or an impossible length, as `atob` does.
 */
function base64UrlBytes(text: string): Uint8Array {
  const b64 = text.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  if (b64.length % 4 === 1) throw new Error('base64url: bad length');
  const out = new Uint8Array(Math.floor((b64.length * 3) / 4));
  let bits = 0;
  let acc = 0;
  let at = 0;
  for (const c of b64) {
    const v = B64.indexOf(c);
    if (v < 0) throw new Error('base64url: bad character');
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[at++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}

/**
 * UTF-8 bytes as text by percent-decoding, without `TextDecoder` (absent in Hermes before React Native 0.85);
 * malformed UTF-8 throws.
 */
function utf8(bytes: Uint8Array): string {
  let escaped = '';
  for (const b of bytes) escaped += `%${b.toString(16).padStart(2, '0')}`;
  return decodeURIComponent(escaped);
}

function decodePart(part: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(utf8(base64UrlBytes(part)));
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/** What makes a JWT not an ID token, or an ID token not acceptable yet; see `checkIdTokenShape`. */
export interface IdTokenShapeIssue {
  /** `NotAnIdToken` for another kind of token; `InvalidIdentityToken` for an ID token issued in the future. */
  code: 'NotAnIdToken' | 'InvalidIdentityToken';
  kind: 'access-token' | 'logout-token' | 'other-typ' | 'no-aud' | 'no-iat' | 'future-iat';
  /** Short, safe to show: e.g. `its header says typ: at+jwt` (never a claim value beyond a sanitised `typ`). */
  reason: string;
}

/** The `typ` values an ID token may carry (RFC 7519 §5.1; OIDC does not define one); absent is fine too. */
const ID_TOKEN_TYPS = new Set(['jwt', 'application/jwt']);

/**
 * `iat` later than `nowSec + clockToleranceSec`: a token minted in the future (a skewed or compromised
 * issuer). Used on servers, whose clock is trusted; the browser client does not check it (STS does).
 */
export function checkIssuedAt(
  claims: IdTokenClaims,
  opts: { nowSec: number; clockToleranceSec?: number },
): IdTokenShapeIssue | undefined {
  if (typeof claims.iat === 'number' && claims.iat > opts.nowSec + (opts.clockToleranceSec ?? 5)) {
    return { code: 'InvalidIdentityToken', kind: 'future-iat', reason: 'its iat is in the future' };
  }
  return undefined;
}

/**
 * The one ID-token shape rule (core's `readIdToken` and `@web-identity/node`'s verifier both use it): refuses
 * an access token (`typ: at+jwt`, `token_use: access`), a back-channel logout token (`typ: logout+jwt` or an
 * `events` claim), any other `typ` than absent, `JWT` or `application/jwt`, a token without `aud` or `iat`,
 * and — when `nowSec` is given — an `iat` in the future beyond the clock tolerance. Pass `claims: undefined`
 * to check the header alone. Returns `undefined` when the token may be an ID token.
 *
 * @example
 * const issue = checkIdTokenShape(header, claims, { nowSec: Date.now() / 1000 });
 * if (issue) throw new CredentialsError(issue.code, `Not an ID token: ${issue.reason}`);
 */
export function checkIdTokenShape(
  header: Record<string, unknown>,
  claims: IdTokenClaims | undefined,
  opts: { nowSec?: number; clockToleranceSec?: number } = {},
): IdTokenShapeIssue | undefined {
  const typ = header.typ === undefined ? undefined : String(header.typ).toLowerCase();
  if (typ === 'at+jwt' || typ === 'application/at+jwt') {
    return { code: 'NotAnIdToken', kind: 'access-token', reason: 'its header says typ: at+jwt' };
  }
  if (typ === 'logout+jwt' || typ === 'application/logout+jwt') {
    return { code: 'NotAnIdToken', kind: 'logout-token', reason: 'its header says typ: logout+jwt' };
  }
  if (typ !== undefined && !ID_TOKEN_TYPS.has(typ)) {
    const shown = typ.slice(0, 40).replace(/[^\w+./-]/g, '?');
    return { code: 'NotAnIdToken', kind: 'other-typ', reason: `its header says typ: ${shown}` };
  }
  if (!claims) return undefined;
  if (claims.token_use === 'access') {
    return { code: 'NotAnIdToken', kind: 'access-token', reason: 'it says token_use: access' };
  }
  if (claims.events !== undefined) {
    return { code: 'NotAnIdToken', kind: 'logout-token', reason: 'it has an events claim' };
  }
  if (claims.aud === undefined)
    return { code: 'NotAnIdToken', kind: 'no-aud', reason: 'it has no aud claim' };
  if (claims.iat === undefined)
    return { code: 'NotAnIdToken', kind: 'no-iat', reason: 'it has no iat claim' };
  return opts.nowSec === undefined
    ? undefined
    : checkIssuedAt(claims, { nowSec: opts.nowSec, clockToleranceSec: opts.clockToleranceSec });
}

/**
 * Decodes a JWT's header and claims without verifying it (AWS verifies), and rejects locally what can
 * never be an OpenID Connect ID token (`checkIdTokenShape`), so no STS call is wasted on it.
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
  const issue = checkIdTokenShape(header, claims);
  if (issue) {
    const what =
      issue.kind === 'access-token' || issue.kind.startsWith('no-') ? 'an access token' : 'a token';
    throw new CredentialsError(
      'NotAnIdToken',
      `getIdToken() returned ${what}, not an ID token (${issue.reason}). AWS only accepts the OpenID Connect ID token: return user.id_token (oidc-client-ts), getIdTokenClaims().__raw (Auth0) or the idToken of your IdP SDK.`,
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
