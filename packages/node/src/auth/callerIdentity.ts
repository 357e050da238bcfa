import { audienceOf } from '@web-identity/core';
import type { VerifiedIdentity } from '../types.js';

/**
 * The caller as every key, and `assumeRole`'s session, see it: the verified identity with `audience` set to the
 * audience it was matched on (core's `audienceOf`: the verifier's match, else `azp` among several, else the
 * only one). The same object when nothing changes.
 *
 * @example
 * callerIdentity({ subject: 'alice', issuer, claims: { aud: ['web', 'api'], azp: 'web' } }).audience; // 'web'
 */
export function callerIdentity(identity: VerifiedIdentity): VerifiedIdentity {
  const audience = audienceOf(identity.claims, identity.audience) ?? undefined;
  if (audience === identity.audience) return identity;
  const { audience: _dropped, ...rest } = identity;
  return audience === undefined ? rest : { ...rest, audience };
}
