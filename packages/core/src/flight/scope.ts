/**
 * Whose keys these are, decided in one place. Keys AWS hands out depend on two things only:
 *
 * - the source's **scope**: everything that changes which keys AWS would mint for the same token (role or pool,
 *   session policy and policy ARNs, tags, duration, region, endpoint), as `CredentialsSource.scope`;
 * - the **identity of the token actually exchanged**: its issuer, subject and matched audience.
 *
 * Every key that decides "these keys may serve this caller" — the browser's cross-tab lock and share keys, the
 * guest key, `@web-identity/node`'s cache key and the Redis key names made from it — is `scopeKeyInput()` of
 * these two, hashed by its user. A source without a scope gets no shared key at all (never a key made from a
 * property a source may not have): each tab, and each broker, keeps its keys to itself.
 */

import type { CredentialsSource, IdTokenClaims } from '../types.js';

/** The identity a token names, as AWS compares it: issuer, subject and the audience it was matched on. */
export interface TokenIdentity {
  readonly issuer: string;
  readonly subject: string;
  /** The audience the token was matched on (`null` when the token names none). */
  readonly audience: string | null;
}

/**
 * The audience a token is for: the one AWS (or a verifier) matched when known, else `azp` among several
 * audiences (OpenID Connect Core 2), else the first or only one.
 */
export function audienceOf(claims: IdTokenClaims, matched?: string): string | null {
  if (typeof matched === 'string') return matched;
  const { aud } = claims;
  if (typeof aud === 'string') return aud;
  if (!Array.isArray(aud) || aud.length === 0) return null;
  const azp = typeof claims.azp === 'string' ? claims.azp : undefined;
  return azp && aud.includes(azp) ? azp : String(aud[0]);
}

/**
 * The identity a token's claims name, or `null` when they name no issuer and subject (such a token is never
 * given a shared key). `matched`: the audience a verifier or AWS matched, when known.
 *
 * @example
 * tokenIdentity(readIdToken(idToken)); // { issuer: 'https://idp.example.com', subject: 'alice', audience: 'web' }
 */
export function tokenIdentity(claims: IdTokenClaims, matched?: string): TokenIdentity | null {
  const { iss, sub } = claims;
  if (typeof iss !== 'string' || iss === '' || typeof sub !== 'string' || sub === '') return null;
  return { issuer: iss, subject: sub, audience: audienceOf(claims, matched) };
}

/** Whose keys: a token's identity, or the guest (nobody signed in, a pool's unauthenticated identity). */
export type Caller = TokenIdentity | 'guest';

/** Two callers are the same: both the guest, or the same issuer, subject and audience. */
export function sameCaller(a: Caller | null | undefined, b: Caller | null | undefined): boolean {
  if (!a || !b) return false;
  if (a === 'guest' || b === 'guest') return a === b;
  return a.issuer === b.issuer && a.subject === b.subject && a.audience === b.audience;
}

/** Where a source's keys are valid: its scope, and the region the client (or broker) asks in. */
export interface ScopeOf {
  readonly region: string;
  /** `CredentialsSource.scope`; `undefined` for a source that names none. */
  readonly scope: string | undefined;
}

/** The scope a source names (`scope`, or the older `crossTabScope`), `undefined` when it names none. */
export function sourceScope(source: Pick<CredentialsSource, 'scope' | 'crossTabScope'>): string | undefined {
  const s = source.scope ?? source.crossTabScope;
  return typeof s === 'string' && s !== '' ? s : undefined;
}

/**
 * The one input every identity key is hashed from: scope + the token's identity (or the guest), plus what a
 * source adds per identity (`assumeRole`'s session policy and tags). `null` when there is no scope or no
 * identity: such keys are never shared, locked on or cached under a common name.
 *
 * @example
 * const input = scopeKeyInput({ region, scope: sourceScope(source) }, tokenIdentity(claims));
 * const key = input && sha256(input);
 */
export function scopeKeyInput(where: ScopeOf, who: Caller | null, extra?: unknown): string | null {
  if (where.scope === undefined || who === null) return null;
  // A guest is an identity of its own: its key never equals a signed-in user's.
  const id = who === 'guest' ? ['guest'] : ['user', who.issuer, who.subject, who.audience];
  return JSON.stringify(['v1', where.region, where.scope, ...id, ...(extra === undefined ? [] : [extra])]);
}
