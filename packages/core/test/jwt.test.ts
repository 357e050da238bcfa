import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
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

// Hermes had no `atob` before React Native 0.74 and no `TextDecoder` before 0.85: the claims are read without
// either, so a token is not refused as "not a JWT" on those runtimes.
describe('readIdToken without atob or TextDecoder (Hermes before React Native 0.85)', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('reads non-ASCII claims with both globals absent', () => {
    vi.stubGlobal('atob', undefined);
    vi.stubGlobal('TextDecoder', undefined);
    expect(typeof globalThis.atob).toBe('undefined');
    const claims = readIdToken(jwt({ sub: 'zoë-東京-🙂', name: 'Zoë' }));
    expect(claims).toMatchObject({ sub: 'zoë-東京-🙂', name: 'Zoë', aud: 'web-identity-demo' });
  });

  it('decodes any claims text as Node does, padded or not, in either base64 alphabet', () => {
    vi.stubGlobal('atob', undefined);
    vi.stubGlobal('TextDecoder', undefined);
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.boolean(), (sub, standard) => {
        const json = JSON.stringify({ sub, aud: 'a', iat: 1 });
        const body = Buffer.from(json).toString(standard ? 'base64' : 'base64url');
        expect(readIdToken(`eyJhbGciOiJSUzI1NiJ9.${body}.x`).sub).toBe(sub);
      }),
    );
  });

  it('still refuses a body that is not base64url', () => {
    vi.stubGlobal('atob', undefined);
    expect(() => readIdToken('eyJhbGciOiJSUzI1NiJ9.e30*.x')).toThrow(
      expect.objectContaining({ code: 'NotAnIdToken' }),
    );
  });
});
