import { describe, expect, it } from 'vitest';
import { checkIdTokenShape, readIdToken } from '../src/index.js';
import { jwt } from './helpers.js';

describe('the one ID-token shape rule', () => {
  const claims = { aud: 'a', iat: 1_000 };

  it.each([
    [{ typ: 'at+jwt' }, claims, 'access-token'],
    [{ typ: 'application/at+jwt' }, claims, 'access-token'],
    [{}, { ...claims, token_use: 'access' }, 'access-token'],
    [{ typ: 'logout+jwt' }, claims, 'logout-token'],
    [{}, { ...claims, events: {} }, 'logout-token'],
    [{ typ: 'secevent+jwt' }, claims, 'other-typ'],
    [{ typ: 7 }, claims, 'other-typ'],
    [{}, { iat: 1 }, 'no-aud'],
    [{}, { aud: 'a' }, 'no-iat'],
  ])('refuses %j %j as %s', (header, c, kind) => {
    expect(checkIdTokenShape(header, c)?.kind).toBe(kind);
  });

  it('accepts typ absent, JWT and application/jwt; checks iat only when given the time', () => {
    for (const typ of [undefined, 'JWT', 'application/jwt']) {
      expect(checkIdTokenShape(typ ? { typ } : {}, claims)).toBeUndefined();
    }
    expect(checkIdTokenShape({}, { aud: 'a', iat: 2_000 })).toBeUndefined();
    expect(checkIdTokenShape({}, { aud: 'a', iat: 2_000 }, { nowSec: 1_000 })).toMatchObject({
      code: 'InvalidIdentityToken',
      kind: 'future-iat',
    });
    expect(checkIdTokenShape({}, { aud: 'a', iat: 1_004 }, { nowSec: 1_000 })).toBeUndefined();
    expect(
      checkIdTokenShape({}, { aud: 'a', iat: 1_010 }, { nowSec: 1_000, clockToleranceSec: 10 }),
    ).toBeUndefined();
  });

  it('never echoes an arbitrary typ: it is cut and restricted to token characters', () => {
    const issue = checkIdTokenShape({ typ: `x"<script>${'y'.repeat(100)}` }, claims);
    expect(issue?.reason).toMatch(/^its header says typ: [\w+./?-]{1,40}$/);
  });

  it('readIdToken refuses a back-channel logout token locally (NotAnIdToken)', () => {
    expect(() => readIdToken(jwt({}, { alg: 'RS256', typ: 'logout+jwt' }))).toThrow(
      expect.objectContaining({ code: 'NotAnIdToken', message: expect.stringContaining('typ: logout+jwt') }),
    );
    expect(() => readIdToken(jwt({ events: { x: {} } }))).toThrow(
      expect.objectContaining({ code: 'NotAnIdToken' }),
    );
    expect(readIdToken(jwt({}, { alg: 'RS256', typ: 'JWT' })).sub).toBe('alice');
  });
});
