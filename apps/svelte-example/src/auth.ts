import { InMemoryWebStorage, UserManager, WebStorageStateStore } from 'oidc-client-ts';
import type { AppConfig } from './config.js';

/**
 * The OIDC client: authorization code + PKCE against `config.issuer`, the user (and its tokens) kept in
 * memory only, silent renew on. Only the short-lived sign-in request state (PKCE verifier, `state`, `nonce`)
 * goes to sessionStorage, because the redirect to the IdP leaves the page; oidc-client-ts deletes it
 * as soon as the callback is processed. No token ever touches browser storage.
 */
export function createUserManager(config: AppConfig): UserManager {
  const home = `${location.origin}/`;
  return new UserManager({
    authority: config.issuer,
    client_id: config.clientId,
    redirect_uri: home,
    silent_redirect_uri: home,
    post_logout_redirect_uri: home,
    response_type: 'code',
    scope: 'openid profile offline_access',
    userStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
    stateStore: new WebStorageStateStore({ store: sessionStorage }),
    automaticSilentRenew: true,
    loadUserInfo: false,
  });
}

export type CallbackKind = 'none' | 'silent' | 'redirect';

/** Whether this page load is the IdP coming back to `/` (in the top window, or in the silent-renew iframe). */
export function callbackKind(): CallbackKind {
  const params = new URLSearchParams(location.search);
  if (!params.has('state') || !(params.has('code') || params.has('error'))) return 'none';
  return window.parent !== window ? 'silent' : 'redirect';
}
