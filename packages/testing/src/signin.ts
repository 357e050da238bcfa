import { createHash, randomBytes } from 'node:crypto';

/** Options of `signInWithPassword`. */
export interface SignInOptions {
  /** Default `alice`. */
  login?: string;
  /** Default `password`. */
  password?: string;
  /** Default `web-identity-demo`. */
  clientId?: string;
  /** Default `http://localhost:3000/` (any loopback URI is accepted by the local IdP). */
  redirectUri?: string;
  /** Default `openid profile email offline_access`. */
  scope?: string;
  /** e.g. `consent` or `login`; default none (as oidc-client-ts sends it). */
  prompt?: string;
}

/** What `signInWithPassword` answers: the tokens of the code exchange and the IdP session cookies. */
export interface TokenSet {
  idToken: string;
  accessToken: string;
  refreshToken?: string;
  expiresIn: number;
  /** The granted scope, as the token endpoint reports it. */
  scope: string;
  /** The IdP's session cookies as a `cookie` header value (for sign-out tests). */
  cookies: string;
}

/**
 * Signs in to the local IdP the way a browser would (authorization code + PKCE, the login form, a
 * cookie jar), without a browser. Handy for tests that need real tokens from the browser flow.
 *
 * @example
 * const idp = await startLocalIdp();
 * const { idToken, refreshToken } = await signInWithPassword(idp.issuer, { login: 'bob' });
 */
export async function signInWithPassword(issuer: string, options: SignInOptions = {}): Promise<TokenSet> {
  const clientId = options.clientId ?? 'web-identity-demo';
  const redirectUri = options.redirectUri ?? 'http://localhost:3000/';
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const state = randomBytes(8).toString('hex');
  const jar = new Map<string, string>();
  const go = async (url: string, init: RequestInit = {}) => {
    const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), ...(cookie ? { cookie } : {}) },
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair?.indexOf('=') ?? -1;
      if (pair && eq > 0) jar.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    return res;
  };
  const auth = new URL(`${issuer}/auth`);
  auth.search = new URLSearchParams({
    client_id: clientId,
    response_type: 'code',
    redirect_uri: redirectUri,
    scope: options.scope ?? 'openid profile email offline_access',
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...(options.prompt ? { prompt: options.prompt } : {}),
  }).toString();
  let res = await go(auth.toString());
  let location = res.headers.get('location');
  let code: string | null = null;
  for (let hops = 0; hops < 10 && location; hops++) {
    const next = new URL(location, issuer);
    if (next.toString().startsWith(redirectUri)) {
      const error = next.searchParams.get('error');
      if (error) throw new Error(`sign-in failed: ${error}: ${next.searchParams.get('error_description')}`);
      if (next.searchParams.get('state') !== state) throw new Error('sign-in failed: state mismatch');
      code = next.searchParams.get('code');
      break;
    }
    if (next.pathname.startsWith('/interaction/')) {
      await (await go(next.toString())).text();
      res = await go(next.toString(), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          login: options.login ?? 'alice',
          password: options.password ?? 'password',
        }),
      });
      if (res.status === 200) throw new Error('sign-in failed: invalid login or password');
    } else {
      res = await go(next.toString());
    }
    await res.arrayBuffer();
    location = res.headers.get('location');
  }
  if (!code) throw new Error(`sign-in failed: no authorization code (last status ${res.status})`);
  const tokenRes = await fetch(`${issuer}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      client_id: clientId,
      code_verifier: verifier,
    }),
  });
  const body = (await tokenRes.json()) as Record<string, unknown>;
  if (!tokenRes.ok) throw new Error(`token request failed: ${String(body.error)}`);
  return {
    idToken: String(body.id_token),
    accessToken: String(body.access_token),
    ...(typeof body.refresh_token === 'string' ? { refreshToken: body.refresh_token } : {}),
    expiresIn: Number(body.expires_in),
    scope: String(body.scope ?? ''),
    cookies: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
  };
}
