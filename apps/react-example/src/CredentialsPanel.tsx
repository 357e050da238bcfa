import { maskAccessKeyId, useAwsCredentials } from '@web-identity/react';
import type { UserManager } from 'oidc-client-ts';
import { describeError } from './format.js';
import { useNow } from './useNow.js';

export function CredentialsPanel({ userManager }: { userManager: UserManager }) {
  const { status, identity, credentials, expiresAt, refreshAt, exchangeCount, error, refresh, signOut } =
    useAwsCredentials();
  const now = useNow();
  const expiresIn = expiresAt ? Math.max(0, Math.round((expiresAt.getTime() - now) / 1000)) : null;

  const signIn = () => {
    // A full-page redirect to the IdP; the app restarts on its way back and exchanges the new ID token.
    void userManager.signinRedirect();
  };
  const onSignOut = async () => {
    // Forget the IdP session first, so nothing can start a new exchange with the old ID token.
    await userManager.removeUser();
    signOut();
  };

  return (
    <section aria-labelledby="credentials-title">
      <h2 id="credentials-title">Credentials</h2>
      <div className="buttons">
        <button type="button" data-testid="sign-in" onClick={signIn}>
          Sign in
        </button>
        <button type="button" data-testid="sign-out" onClick={onSignOut}>
          Sign out
        </button>
        <button type="button" data-testid="refresh" onClick={refresh}>
          Refresh now
        </button>
      </div>
      <dl>
        <dt>Status</dt>
        <dd data-testid="status">{status}</dd>
        <dt>Subject</dt>
        <dd data-testid="subject">{identity?.subject ?? ''}</dd>
        <dt>Role</dt>
        <dd data-testid="role-arn">{identity?.assumedRoleArn ?? ''}</dd>
        <dt>Access key</dt>
        <dd data-testid="access-key">{credentials ? maskAccessKeyId(credentials.accessKeyId) : ''}</dd>
        <dt>Expires in (s)</dt>
        <dd data-testid="expires-in">{expiresIn ?? ''}</dd>
        <dt>Next refresh</dt>
        <dd data-testid="refresh-at">{refreshAt?.toISOString() ?? ''}</dd>
        <dt>Exchanges</dt>
        <dd data-testid="exchange-count">{exchangeCount}</dd>
        <dt>Error</dt>
        <dd data-testid="error" role={error ? 'alert' : undefined}>
          {describeError(error)}
        </dd>
      </dl>
    </section>
  );
}
