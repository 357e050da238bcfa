import { useAwsCredentials } from '@web-identity/react';
import type { User, UserManager } from 'oidc-client-ts';

/** Step 1: sign in at the IdP with authorization code + PKCE; what came back, without showing any token. */
export function SignInStep({ userManager, user }: { userManager: UserManager; user: User | null }) {
  const { status, refresh, signOut } = useAwsCredentials();
  const onSignOut = async () => {
    await userManager.removeUser(); // forget the tokens first, so nothing exchanges the old ID token again
    signOut();
  };
  return (
    <section data-testid="step-signin" aria-labelledby="signin-title">
      <h2 id="signin-title">1. Sign in at the identity provider</h2>
      <p className="hint">
        A full-page redirect to the IdP with <code>response_type=code</code> and a PKCE{' '}
        <code>code_challenge</code> (S256); back here, oidc-client-ts trades the code and the verifier for the
        tokens. They stay in memory: nothing is written to storage.
      </p>
      <div className="buttons">
        <button type="button" data-testid="sign-in" onClick={() => void userManager.signinRedirect()}>
          Sign in
        </button>
        <button type="button" data-testid="sign-out" onClick={onSignOut}>
          Sign out
        </button>
        <button type="button" data-testid="refresh" onClick={refresh}>
          Exchange again
        </button>
      </div>
      <dl>
        <dt>Signed in as</dt>
        <dd data-testid="signin-user">
          {user ? String(user.profile.preferred_username ?? user.profile.sub) : ''}
        </dd>
        <dt>Tokens received</dt>
        <dd data-testid="signin-tokens">
          {user
            ? [
                user.id_token && 'ID token (for AWS)',
                user.access_token && 'access token (for APIs, not for AWS)',
                user.refresh_token && 'refresh token',
              ]
                .filter(Boolean)
                .join(' · ')
            : ''}
        </dd>
        <dt>Credentials status</dt>
        <dd data-testid="status">{status}</dd>
      </dl>
    </section>
  );
}
