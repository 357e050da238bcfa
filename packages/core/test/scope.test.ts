import { describe, expect, it } from 'vitest';
import {
  audienceOf,
  cognitoIdentityPool,
  credentialEndpoint,
  sameCaller,
  scopeKeyInput,
  sourceScope,
  tokenIdentity,
  webIdentity,
} from '../src/index.js';

const ROLE_A = 'arn:aws:iam::123456789012:role/Reader';
const ROLE_B = 'arn:aws:iam::123456789012:role/Admin';
const alice = { issuer: 'https://idp.example.com', subject: 'alice', audience: 'web' };

describe('scope: whose keys these are', () => {
  it('every built-in source names a scope, and two roles, pools or policies name different ones', () => {
    const scopes = [
      sourceScope(webIdentity({ roleArn: ROLE_A })),
      sourceScope(webIdentity({ roleArn: ROLE_B })),
      sourceScope(webIdentity({ roleArn: ROLE_A, policy: '{"Version":"2012-10-17","Statement":[]}' })),
      sourceScope(webIdentity({ roleArn: ROLE_A, durationSeconds: 900 })),
      sourceScope(webIdentity({ roleArn: ROLE_A, endpoint: 'http://127.0.0.1:1' })),
      sourceScope(cognitoIdentityPool({ identityPoolId: 'eu-west-1:11111111-1111-4111-8111-111111111111' })),
      sourceScope(cognitoIdentityPool({ identityPoolId: 'eu-west-1:22222222-2222-4222-8222-222222222222' })),
      sourceScope(credentialEndpoint({ url: 'https://app.example.com/aws-credentials' })),
    ];
    for (const s of scopes) expect(typeof s).toBe('string');
    expect(new Set(scopes).size).toBe(scopes.length);
  });

  it('a source without a scope, or a token without issuer and subject, gets no key at all', () => {
    expect(sourceScope({})).toBeUndefined();
    expect(scopeKeyInput({ region: 'eu-west-1', scope: undefined }, alice)).toBeNull();
    expect(scopeKeyInput({ region: 'eu-west-1', scope: 's' }, null)).toBeNull();
    expect(tokenIdentity({ sub: 'alice' })).toBeNull();
    expect(tokenIdentity({ iss: 'https://idp.example.com' })).toBeNull();
    expect(sourceScope({ crossTabScope: 'old-name' })).toBe('old-name');
  });

  it('the key input changes with the region, the scope, each part of the identity, the guest and extras', () => {
    const base = scopeKeyInput({ region: 'eu-west-1', scope: 's' }, alice);
    const variants = [
      scopeKeyInput({ region: 'us-east-1', scope: 's' }, alice),
      scopeKeyInput({ region: 'eu-west-1', scope: 't' }, alice),
      scopeKeyInput({ region: 'eu-west-1', scope: 's' }, { ...alice, issuer: 'https://other.example.com' }),
      scopeKeyInput({ region: 'eu-west-1', scope: 's' }, { ...alice, subject: 'bob' }),
      scopeKeyInput({ region: 'eu-west-1', scope: 's' }, { ...alice, audience: 'mobile' }),
      scopeKeyInput({ region: 'eu-west-1', scope: 's' }, 'guest'),
      scopeKeyInput({ region: 'eu-west-1', scope: 's' }, alice, { policy: 'read-only' }),
    ];
    expect(new Set([base, ...variants]).size).toBe(variants.length + 1);
  });

  it('the audience is the matched one, else azp among several, else the only one', () => {
    expect(audienceOf({ aud: ['a', 'b'], azp: 'b' })).toBe('b');
    expect(audienceOf({ aud: ['a', 'b'] })).toBe('a');
    expect(audienceOf({ aud: 'a' })).toBe('a');
    expect(audienceOf({})).toBeNull();
    expect(audienceOf({ aud: ['a', 'b'], azp: 'b' }, 'a')).toBe('a');
  });

  it('callers are the same only with the same issuer, subject and audience; the guest only as itself', () => {
    expect(sameCaller(alice, { ...alice })).toBe(true);
    expect(sameCaller(alice, { ...alice, subject: 'bob' })).toBe(false);
    expect(sameCaller(alice, { ...alice, audience: null })).toBe(false);
    expect(sameCaller('guest', 'guest')).toBe(true);
    expect(sameCaller('guest', alice)).toBe(false);
    expect(sameCaller(null, null)).toBe(false);
  });
});
