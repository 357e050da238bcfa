import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import Provider from 'oidc-provider';
import { closeServer, hostFor, isLoopbackOrigin, listen, readBody, sendText } from './http-util.js';
import { memoryAdapterFactory } from './idp-adapter.js';

/** A user of the local IdP's login page. */
export interface LocalUser {
  /** What to type in the `login` field. */
  login: string;
  password: string;
  /** The `sub` claim; defaults to `login`. */
  sub?: string;
  /** Extra claims (email, name, ...) returned for the `profile`/`email` scopes. */
  claims?: Record<string, unknown>;
}

/** Options of `startLocalIdp`. */
export interface LocalIdpOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Host to bind; default `127.0.0.1`. */
  host?: string;
  /** Dev users for the login page; default alice/password and bob/password. */
  users?: LocalUser[];
  /** Client id of the default public client; default `web-identity-demo`. */
  clientId?: string;
  /** Extra OIDC clients (oidc-provider client metadata), e.g. a confidential client. */
  clients?: Record<string, unknown>[];
  /** Lifetime of ID tokens issued through the browser flow, seconds (default 3600). */
  idTokenTtlSeconds?: number;
  /** Lifetime of access tokens issued through the browser flow, seconds (default 3600). */
  accessTokenTtlSeconds?: number;
}

/** Options for tokens minted without a browser. */
export interface MintOptions {
  /** Sign with a key that is NOT in the JWKS (same `kid`): the signature will not verify. */
  foreignKey?: boolean;
  /** Override the JWT header's `kid`. */
  kid?: string;
  /** Override the JWT header's `typ`. */
  typ?: string;
}

/** Claims for {@link LocalIdp.issueIdToken}. A claim set to `undefined` is left out of the token. */
export interface IdTokenClaims {
  sub?: string;
  aud?: string | string[];
  /** Seconds until `exp`, from now (negative for an already expired token). Default 3600. */
  expiresIn?: number;
  [claim: string]: unknown;
}

/** A running local OpenID Connect provider; see `startLocalIdp`. */
export interface LocalIdp {
  /** The issuer URL, e.g. `http://127.0.0.1:54321` (no trailing slash). */
  readonly issuer: string;
  readonly jwksUri: string;
  /** The authorization endpoint (where a browser signs in). */
  readonly authorizationEndpoint: string;
  readonly tokenEndpoint: string;
  /** The default public client id (`web-identity-demo`). */
  readonly clientId: string;
  readonly users: readonly LocalUser[];
  /** Mints a correctly signed ID token without a browser. */
  issueIdToken(claims?: IdTokenClaims, options?: MintOptions): Promise<string>;
  /** Mints an access token (`typ: at+jwt`, `token_use: access`, no `aud`): the kind users wrongly pass to STS. */
  issueAccessToken(claims?: IdTokenClaims, options?: MintOptions): Promise<string>;
  /**
   * Makes `<issuer>/jwks` answer `503` (`true`, the default) or serve the keys again (`false`): a key set that
   * cannot be fetched, for testing a verifier's outage handling. Discovery and sign-in keep working.
   *
   * @example
   * idp.failJwks(); // the next JWKS fetch fails
   * idp.failJwks(false);
   */
  failJwks(failing?: boolean): void;
  /** Stops the IdP. */
  close(): Promise<void>;
}

const DEFAULT_USERS: LocalUser[] = [
  {
    login: 'alice',
    password: 'password',
    claims: { name: 'Alice Example', email: 'alice@example.com', email_verified: true },
  },
  {
    login: 'bob',
    password: 'password',
    claims: { name: 'Bob Example', email: 'bob@example.com', email_verified: true },
  },
];

/** The default public client of the local IdP and the kit. */
export const DEFAULT_CLIENT_ID = 'web-identity-demo';

/**
 * Starts a local OpenID Connect provider (oidc-provider) on 127.0.0.1: discovery, JWKS, authorization
 * code + PKCE with a login page (dev users alice/bob, password `password`), refresh tokens, and
 * token minting for tests. The RS256 signing key is generated at start.
 *
 * @example
 * const idp = await startLocalIdp();
 * const idToken = await idp.issueIdToken({ sub: 'alice' }); // aud: 'web-identity-demo'
 * await idp.close();
 */
export async function startLocalIdp(options: LocalIdpOptions = {}): Promise<LocalIdp> {
  const host = options.host ?? '127.0.0.1';
  const clientId = options.clientId ?? DEFAULT_CLIENT_ID;
  const users = (options.users ?? DEFAULT_USERS).map((u) => ({ ...u, sub: u.sub ?? u.login }));

  const kid = `local-${randomUUID().slice(0, 8)}`;
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const privateJwk: JWK = { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' };

  let handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) =>
    sendText(res, 503, 'starting');
  const server = createServer((req, res) => handler(req, res));
  const port = await listen(server, options.port ?? 0, host);
  const issuer = `http://${hostFor(host)}:${port}`;

  const provider = new Provider(issuer, providerConfiguration(options, clientId, users, privateJwk));
  allowLoopbackRedirects(provider);

  const oidcCallback = provider.callback();
  let jwksFailing = false;
  handler = (req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (jwksFailing && path === '/jwks') {
      sendText(res, 503, 'the key set is down (failJwks)');
      return;
    }
    if (path.startsWith('/interaction/')) {
      handleInteraction(provider, users, req, res).catch((err: unknown) => {
        if (!res.headersSent) sendText(res, 400, `interaction failed: ${(err as Error).message ?? 'error'}`);
        else res.destroy();
      });
      return;
    }
    oidcCallback(req, res);
  };

  const mint = tokenMinter(issuer, kid, privateKey);
  return {
    issuer,
    jwksUri: `${issuer}/jwks`,
    authorizationEndpoint: `${issuer}/auth`,
    tokenEndpoint: `${issuer}/token`,
    clientId,
    users,
    issueIdToken: (claims = {}, mintOptions = {}) =>
      mint(claims, mintOptions, { aud: clientId, azp: clientId, jti: randomUUID() }, 'JWT'),
    issueAccessToken: (claims = {}, mintOptions = {}) =>
      mint(
        claims,
        mintOptions,
        { client_id: clientId, scope: 'openid profile', token_use: 'access', jti: randomUUID() },
        'at+jwt',
      ),
    failJwks: (failing = true) => {
      jwksFailing = failing;
    },
    close: () => closeServer(server),
  };
}

/** oidc-provider's configuration for the local IdP: one public PKCE client (plus any given), dev users, auto consent. */
function providerConfiguration(
  options: LocalIdpOptions,
  clientId: string,
  users: LocalUser[],
  privateJwk: JWK,
): ConstructorParameters<typeof Provider>[1] {
  const bySub = new Map(users.map((u) => [u.sub, u]));
  return {
    clients: [
      {
        client_id: clientId,
        application_type: 'web',
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: ['http://localhost/', 'http://127.0.0.1/'],
        post_logout_redirect_uris: ['http://localhost/', 'http://127.0.0.1/'],
      },
      // biome-ignore lint/suspicious/noExplicitAny: oidc-provider client metadata is loosely typed
      ...((options.clients ?? []) as any[]),
    ],
    jwks: { keys: [privateJwk] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'preferred_username'],
    },
    scopes: ['openid', 'offline_access', 'profile', 'email'],
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        // Sign out without a confirmation click (a dev IdP): the form submits itself.
        logoutSource: (ctx, form) => {
          ctx.type = 'html';
          ctx.body = `<!doctype html><title>Signing out</title><body>${form}
<button type="submit" form="op.logoutForm" name="logout" value="yes">Sign out</button>
<script>var f=document.getElementById('op.logoutForm');var i=document.createElement('input');
i.type='hidden';i.name='logout';i.value='yes';f.appendChild(i);f.submit();</script></body>`;
        },
      },
    },
    pkce: { required: () => true },
    clientBasedCORS: (_ctx, origin) => isLoopbackOrigin(origin),
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    adapter: memoryAdapterFactory(),
    renderError: (ctx, out) => {
      ctx.type = 'html';
      ctx.body = `<!doctype html><title>Error</title><h1>${escapeHtml(String(out.error))}</h1><p>${escapeHtml(
        String(out.error_description ?? ''),
      )}</p>`;
    },
    ttl: {
      IdToken: options.idTokenTtlSeconds ?? 3600,
      AccessToken: options.accessTokenTtlSeconds ?? 3600,
      AuthorizationCode: 60,
      Interaction: 3600,
      Grant: 14 * 24 * 3600,
      Session: 14 * 24 * 3600,
      RefreshToken: 14 * 24 * 3600,
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: (_ctx, sub) => {
      const user = bySub.get(sub);
      if (!user) return undefined;
      return {
        accountId: sub,
        claims: () => ({ sub, preferred_username: user.login, ...user.claims }),
      };
    },
    // Consent is granted automatically: every grant covers the scopes and claims the client asks for.
    loadExistingGrant: async (ctx) => {
      const oidc = ctx.oidc;
      const client = oidc.client;
      const session = oidc.session;
      if (!client || !session?.accountId) return undefined;
      const existingId = oidc.result?.consent?.grantId ?? session.grantIdFor(client.clientId);
      const grant =
        (existingId ? await oidc.provider.Grant.find(existingId) : undefined) ??
        new oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope('openid offline_access profile email');
      await grant.save();
      return grant;
    },
  };
}

/** Accepts any loopback redirect URI (any port, any path) for every client, like a dev IdP should. */
function allowLoopbackRedirects(provider: Provider): void {
  const proto = provider.Client.prototype as unknown as Record<string, (v: string) => boolean>;
  const origRedirect = proto.redirectUriAllowed!;
  const origLogout = proto.postLogoutRedirectUriAllowed!;
  proto.redirectUriAllowed = function (this: unknown, value: string) {
    return isLoopbackUrl(value) || origRedirect.call(this, value);
  };
  proto.postLogoutRedirectUriAllowed = function (this: unknown, value: string) {
    return isLoopbackUrl(value) || origLogout.call(this, value);
  };
}

type Mint = (
  claims: IdTokenClaims,
  mintOptions: MintOptions,
  defaults: Record<string, unknown>,
  typ: string,
) => Promise<string>;

/** Signs test tokens with the IdP's key (or, on request, a key outside its JWKS). */
function tokenMinter(issuer: string, kid: string, privateKey: CryptoKey): Mint {
  // A key outside the JWKS, for tokens whose signature must not verify; made on first use.
  let foreign: ReturnType<typeof generateKeyPair> | undefined;
  return async (claims, mintOptions, defaults, typ) => {
    const now = Math.floor(Date.now() / 1000);
    const { expiresIn = 3600, ...rest } = claims;
    const payload: Record<string, unknown> = {
      iss: issuer,
      sub: 'alice',
      iat: now,
      auth_time: now,
      exp: now + expiresIn,
      ...defaults,
      ...rest,
    };
    for (const key of Object.keys(payload)) if (payload[key] === undefined) delete payload[key];
    if (mintOptions.foreignKey) foreign ??= generateKeyPair('RS256');
    const key = mintOptions.foreignKey && foreign ? (await foreign).privateKey : privateKey;
    return new SignJWT(payload)
      .setProtectedHeader({ alg: 'RS256', kid: mintOptions.kid ?? kid, typ: mintOptions.typ ?? typ })
      .sign(key);
  };
}

function isLoopbackUrl(value: string): boolean {
  try {
    return isLoopbackOrigin(new URL(value).origin) && new URL(value).protocol === 'http:';
  } catch {
    return false;
  }
}

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

function loginPage(uid: string, clientId: string, error?: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sign in - local IdP</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: system-ui, sans-serif; max-width: 24rem; margin: 4rem auto">
<h1>Sign in</h1>
<p>Local development identity provider. Client: <code>${escapeHtml(clientId)}</code>.
Users: <code>alice</code> / <code>bob</code>, password <code>password</code>.</p>
${error ? `<p role="alert" data-testid="login-error" style="color: #b00020">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/interaction/${escapeHtml(uid)}">
<p><label>Login <input name="login" autocomplete="username" autofocus required></label></p>
<p><label>Password <input name="password" type="password" autocomplete="current-password" required></label></p>
<p><button type="submit">Sign in</button></p>
</form></body></html>`;
}

async function handleInteraction(
  provider: Provider,
  users: LocalUser[],
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const details = await provider.interactionDetails(req, res);
  const uid = details.uid;
  const clientId = String(details.params.client_id ?? '');
  res.setHeader('Cache-Control', 'no-store');
  if (details.prompt.name !== 'login') {
    // Consent (or anything else): granted automatically for the local IdP.
    const grant = new provider.Grant({ clientId, accountId: details.session?.accountId ?? '' });
    grant.addOIDCScope(String(details.params.scope ?? 'openid'));
    const grantId = await grant.save();
    await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
    return;
  }
  if (req.method === 'GET') {
    sendText(res, 200, loginPage(uid, clientId), 'text/html');
    return;
  }
  if (req.method !== 'POST') {
    sendText(res, 405, 'method not allowed');
    return;
  }
  const form = new URLSearchParams((await readBody(req, 64 * 1024)).toString('utf8'));
  const user = users.find((u) => u.login === form.get('login') && u.password === form.get('password'));
  if (!user) {
    sendText(res, 200, loginPage(uid, clientId, 'Invalid login or password.'), 'text/html');
    return;
  }
  await provider.interactionFinished(
    req,
    res,
    { login: { accountId: user.sub ?? user.login } },
    { mergeWithLastSubmission: false },
  );
}
