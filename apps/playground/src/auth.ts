import { InMemoryWebStorage, UserManager, WebStorageStateStore } from 'oidc-client-ts';
import type { PlaygroundConfig } from './config.js';

/**
 * oidc-client-ts with authorization code + PKCE (S256). Tokens stay in memory; only the PKCE verifier and
 * nonce wait in sessionStorage while the browser is at the IdP, and the callback removes them.
 */
export function playgroundUserManager(config: PlaygroundConfig): UserManager {
  const back = `${location.origin}/`;
  return new UserManager({
    authority: config.issuer,
    client_id: config.clientId,
    redirect_uri: back,
    post_logout_redirect_uri: back,
    response_type: 'code',
    scope: 'openid profile',
    userStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
    stateStore: new WebStorageStateStore({ store: sessionStorage }),
  });
}

export const isRedirectBack = (url = new URL(location.href)) =>
  url.searchParams.has('state') && (url.searchParams.has('code') || url.searchParams.has('error'));

/** The ID token (never the access token) for `@web-identity/react`; `null` when nobody is signed in. */
export const idTokenOf = (userManager: UserManager) => async () =>
  (await userManager.getUser())?.id_token ?? null;
