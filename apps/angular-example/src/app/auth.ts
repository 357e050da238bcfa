import { InMemoryWebStorage, UserManager, WebStorageStateStore } from 'oidc-client-ts';
import type { AppSettings } from './app-settings';

/**
 * The OIDC client: authorization code + PKCE against `settings.issuer`. The user (ID, access and
 * refresh tokens) is kept in memory only. The short-lived sign-in state (PKCE verifier, nonce) has to
 * survive the full-page redirect to the IdP and back, so it sits in sessionStorage until the callback
 * consumes it; it never holds AWS credentials.
 */
export function createUserManager(settings: AppSettings): UserManager {
  const redirectUri = `${location.origin}/`;
  return new UserManager({
    authority: settings.issuer,
    client_id: settings.clientId,
    redirect_uri: redirectUri,
    silent_redirect_uri: redirectUri,
    post_logout_redirect_uri: redirectUri,
    response_type: 'code',
    scope: 'openid profile offline_access',
    userStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
    stateStore: new WebStorageStateStore({ store: sessionStorage }),
    automaticSilentRenew: true,
  });
}

/** True when this page load is the IdP coming back with `?code=…&state=…` (or an error). */
export function isSigninCallback(url = new URL(location.href)): boolean {
  return url.searchParams.has('state') && (url.searchParams.has('code') || url.searchParams.has('error'));
}

/**
 * What @web-identity/core asks for: the user's **ID token** (never the access token), or `null` when
 * nobody is signed in. `forceRefresh` (STS refused the token) renews it silently with the refresh token.
 */
export function idTokenGetter(userManager: UserManager) {
  return async ({ forceRefresh }: { forceRefresh: boolean }): Promise<string | null> => {
    const user = await userManager.getUser();
    if (!user) return null;
    if (forceRefresh || user.expired) {
      const renewed = await userManager.signinSilent();
      return renewed?.id_token ?? null;
    }
    return user.id_token ?? null;
  };
}
