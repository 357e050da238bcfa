import { describe, expect, it } from 'vitest';
import { evaluate, type PolicyDocument, parsePolicy, substitute } from '../src/aws/policy.js';

/** Builds `${key}` (an IAM policy variable, not a template placeholder). */
const v = (key: string) => `$\{${key}}`;

const doc = (...Statement: PolicyDocument['Statement'][]): PolicyDocument => ({
  Version: '2012-10-17',
  Statement: Statement.flat(),
});

describe('policy evaluation (unit)', () => {
  it('explicit Deny beats Allow; nothing matching is an implicit deny', () => {
    const p = doc([
      { Effect: 'Allow', Action: 's3:*', Resource: '*' },
      { Effect: 'Deny', Action: 's3:DeleteObject', Resource: 'arn:aws:s3:::b/*' },
    ]);
    expect(evaluate([p], { action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', context: {} })).toBe(
      'allow',
    );
    expect(evaluate([p], { action: 's3:deleteobject', resource: 'arn:aws:s3:::b/k', context: {} })).toBe(
      'deny',
    );
    expect(evaluate([doc([])], { action: 's3:GetObject', resource: 'x', context: {} })).toBe('implicit-deny');
  });

  it('NotAction and NotResource', () => {
    const p = doc({ Effect: 'Allow', NotAction: 's3:DeleteObject', NotResource: 'arn:aws:s3:::b/private/*' });
    expect(evaluate([p], { action: 's3:GetObject', resource: 'arn:aws:s3:::b/x', context: {} })).toBe(
      'allow',
    );
    expect(evaluate([p], { action: 's3:DeleteObject', resource: 'arn:aws:s3:::b/x', context: {} })).toBe(
      'implicit-deny',
    );
    expect(evaluate([p], { action: 's3:GetObject', resource: 'arn:aws:s3:::b/private/x', context: {} })).toBe(
      'implicit-deny',
    );
  });

  it('conditions: ForAnyValue, ForAllValues, IfExists, Null, negated operators', () => {
    const check = (
      Condition: Record<string, Record<string, unknown>>,
      context: Record<string, string | string[]>,
    ) =>
      evaluate([doc({ Effect: 'Allow', Action: '*', Resource: '*', Condition })], {
        action: 'a:b',
        resource: 'r',
        context,
      });
    expect(
      check({ 'ForAnyValue:StringLike': { 'p:amr': 'auth*' } }, { 'p:amr': ['x', 'authenticated'] }),
    ).toBe('allow');
    expect(check({ 'ForAnyValue:StringLike': { 'p:amr': 'auth*' } }, {})).toBe('implicit-deny');
    expect(check({ 'ForAllValues:StringEquals': { k: ['a', 'b'] } }, { k: ['a', 'c'] })).toBe(
      'implicit-deny',
    );
    expect(check({ StringEqualsIfExists: { k: 'a' } }, {})).toBe('allow');
    expect(check({ StringEquals: { k: 'a' } }, {})).toBe('implicit-deny');
    expect(check({ Null: { k: 'true' } }, {})).toBe('allow');
    expect(check({ StringNotEquals: { k: 'a' } }, { k: 'b' })).toBe('allow');
    expect(check({ StringNotLike: { k: 'a*' } }, { k: 'abc' })).toBe('implicit-deny');
    expect(check({ StringEquals: { 'P:Sub': 'x' } }, { 'p:sub': 'x' })).toBe('allow');
  });

  it('policy variables: resolved case-insensitively, unresolved never match, values are literal', () => {
    expect(substitute(`a/${v('aws:userid')}/b`, { 'aws:UserId': 'AROA:me' })).toBe('a/AROA:me/b');
    expect(substitute(`a/${v('nope')}/b`, {})).toBeNull();
    const p = doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::b/${v('p:sub')}/*` });
    expect(
      evaluate([p], { action: 's3:GetObject', resource: 'arn:aws:s3:::b/*/k', context: { 'p:sub': '*' } }),
    ).toBe('allow');
    expect(
      evaluate([p], {
        action: 's3:GetObject',
        resource: 'arn:aws:s3:::b/alice/k',
        context: { 'p:sub': '*' },
      }),
    ).toBe('implicit-deny');
  });

  it('parsePolicy refuses malformed documents', () => {
    for (const bad of [
      '[',
      '[]',
      '{}',
      '{"Statement":{"Effect":"Maybe","Action":"*"}}',
      '{"Version":"1999","Statement":[]}',
    ]) {
      expect(() => parsePolicy(bad)).toThrow(expect.objectContaining({ code: 'MalformedPolicyDocument' }));
    }
  });
});
