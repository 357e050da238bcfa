import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalIdp, signInWithPassword, startLocalIdp } from '../src/index.js';

let idp: LocalIdp;
beforeAll(async () => {
  idp = await startLocalIdp();
});
afterAll(() => idp.close());

describe('startLocalIdp', () => {
  it('serves discovery and a JWKS with an RS256 key', async () => {
    const discovery = await (await fetch(`${idp.issuer}/.well-known/openid-configuration`)).json();
    expect(discovery.issuer).toBe(idp.issuer);
    expect(discovery.jwks_uri).toBe(idp.jwksUri);
    expect(discovery.code_challenge_methods_supported).toContain('S256');
    const jwks = await (await fetch(idp.jwksUri)).json();
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    expect(jwks.keys[0].d).toBeUndefined();
  });

  it('failJwks(): the key set answers 503 until failJwks(false); discovery keeps working', async () => {
    idp.failJwks();
    try {
      expect((await fetch(idp.jwksUri)).status).toBe(503);
      expect((await fetch(`${idp.issuer}/.well-known/openid-configuration`)).status).toBe(200);
    } finally {
      idp.failJwks(false);
    }
    expect((await fetch(idp.jwksUri)).status).toBe(200);
  });

  it('mints ID tokens that verify against its JWKS', async () => {
    const token = await idp.issueIdToken({ sub: 'carol', email: 'carol@example.com' });
    const { payload, protectedHeader } = await jwtVerify(token, createRemoteJWKSet(new URL(idp.jwksUri)), {
      issuer: idp.issuer,
      audience: 'web-identity-demo',
    });
    expect(protectedHeader.alg).toBe('RS256');
    expect(payload.sub).toBe('carol');
    expect(payload.email).toBe('carol@example.com');
    expect(payload.exp! - payload.iat!).toBe(3600);
  });

  it('leaves out claims set to undefined, and honours expiresIn and aud', async () => {
    const token = await idp.issueIdToken({ sub: 'a', iat: undefined, aud: 'other', expiresIn: -10 });
    const claims = decodeJwt(token);
    expect(claims.iat).toBeUndefined();
    expect(claims.aud).toBe('other');
    expect(claims.exp!).toBeLessThan(Date.now() / 1000);
  });

  it('signs with a foreign key on request, so the signature does not verify', async () => {
    const token = await idp.issueIdToken({ sub: 'a' }, { foreignKey: true });
    await expect(jwtVerify(token, createRemoteJWKSet(new URL(idp.jwksUri)))).rejects.toThrow(/signature/);
  });

  it('mints access tokens shaped like the ones users wrongly send to STS', async () => {
    const token = await idp.issueAccessToken({ sub: 'alice' });
    expect(decodeProtectedHeader(token).typ).toBe('at+jwt');
    const claims = decodeJwt(token);
    expect(claims.token_use).toBe('access');
    expect(claims.aud).toBeUndefined();
  });

  it('runs the authorization code + PKCE flow through its login page and issues refresh tokens', async () => {
    const tokens = await signInWithPassword(idp.issuer, {
      login: 'bob',
      redirectUri: 'http://127.0.0.1:5173/',
    });
    const { payload } = await jwtVerify(tokens.idToken, createRemoteJWKSet(new URL(idp.jwksUri)), {
      issuer: idp.issuer,
      audience: 'web-identity-demo',
    });
    expect(payload.sub).toBe('bob');
    expect(tokens.refreshToken).toBeTruthy();

    const refreshed = await fetch(`${idp.issuer}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost:5173' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: tokens.refreshToken!,
        client_id: 'web-identity-demo',
      }),
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    const body = await refreshed.json();
    expect(decodeJwt(body.id_token).sub).toBe('bob');
  });

  it.each([undefined, 'consent'])(
    'renews with the refresh token and the granted scope (prompt %s)',
    async (prompt) => {
      const tokens = await signInWithPassword(idp.issuer, { login: 'alice', ...(prompt ? { prompt } : {}) });
      expect(tokens.refreshToken).toBeTruthy();
      // oidc-client-ts sends the granted scope back on refresh.
      const refresh = async (refreshToken: string) => {
        const res = await fetch(`${idp.issuer}/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            grant_type: 'refresh_token',
            refresh_token: refreshToken,
            client_id: 'web-identity-demo',
            scope: tokens.scope,
          }),
        });
        expect(res.status).toBe(200);
        return res.json();
      };
      const first = await refresh(tokens.refreshToken!);
      expect(decodeJwt(first.id_token).sub).toBe('alice');
      // Refresh tokens rotate for public clients: the new one works again.
      const second = await refresh(first.refresh_token);
      expect(decodeJwt(second.id_token).sub).toBe('alice');
    },
  );

  it('answers CORS preflights for the token endpoint from loopback origins', async () => {
    const res = await fetch(`${idp.issuer}/token`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:4200',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:4200');
  });

  it('signs out (RP-initiated logout) without a confirmation click, back to a loopback URI', async () => {
    const { idToken, cookies } = await signInWithPassword(idp.issuer, { login: 'alice' });
    const end = new URL(`${idp.issuer}/session/end`);
    end.search = new URLSearchParams({
      id_token_hint: idToken,
      post_logout_redirect_uri: 'http://localhost:5173/',
    }).toString();
    const page = await fetch(end, { headers: { cookie: cookies } });
    const html = await page.text();
    // With a session, the confirmation form submits itself and says "yes".
    expect(html).toContain('f.submit()');
    const action = /action="([^"]+)"/.exec(html)![1]!;
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)![1]!;
    const confirmed = await fetch(new URL(action, idp.issuer), {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookies },
      body: new URLSearchParams({ xsrf, logout: 'yes' }),
    });
    expect(confirmed.status).toBe(303);
    const location = confirmed.headers.get('location')!;
    expect(location).toMatch(/^http:\/\/localhost:5173\//);
    // The session is gone: the next authorization request shows the login form again.
    expect(confirmed.headers.getSetCookie().join(';')).toMatch(/_session=;/);
  });

  it('rejects a wrong password on the login page', async () => {
    await expect(signInWithPassword(idp.issuer, { login: 'alice', password: 'nope' })).rejects.toThrow(
      /invalid login/,
    );
  });

  it('requires PKCE for the public client', async () => {
    const url = new URL(`${idp.issuer}/auth`);
    url.search = new URLSearchParams({
      client_id: 'web-identity-demo',
      response_type: 'code',
      redirect_uri: 'http://localhost:3000/',
      scope: 'openid',
    }).toString();
    const res = await fetch(url, { redirect: 'manual' });
    const location = new URL(res.headers.get('location')!);
    expect(location.searchParams.get('error')).toBe('invalid_request');
    expect(location.searchParams.get('error_description')).toMatch(/PKCE/);
  });

  it('refuses non-loopback redirect URIs', async () => {
    const url = new URL(`${idp.issuer}/auth`);
    url.search = new URLSearchParams({
      client_id: 'web-identity-demo',
      response_type: 'code',
      redirect_uri: 'https://evil.example/',
      scope: 'openid',
      code_challenge: 'x'.repeat(43),
      code_challenge_method: 'S256',
    }).toString();
    const res = await fetch(url, { redirect: 'manual' });
    expect(res.status).toBe(400);
    await res.arrayBuffer();
  });
});
