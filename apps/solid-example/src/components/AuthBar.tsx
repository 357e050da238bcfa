import { useAwsCredentials } from '@web-identity/solid';
import { type JSX, Show } from 'solid-js';
import { useApp } from '../context.js';

export function AuthBar(): JSX.Element {
  const { userManager, authError } = useApp();
  const { refresh, signOut } = useAwsCredentials();

  // Leaves the page for the IdP's login form; the app picks the user up when the IdP redirects back to `/`.
  // (A sign-in that stays on the page, e.g. signinPopup(), would call `await refresh()` right after.)
  const signIn = async (): Promise<void> => {
    await userManager.signinRedirect({ prompt: 'login' });
  };
  const signOutEverywhere = async (): Promise<void> => {
    // Forget the user first so the credentials client cannot get an ID token back, then wipe the keys.
    await userManager.removeUser();
    signOut();
  };

  return (
    <section>
      <button data-testid="sign-in" type="button" onClick={signIn}>
        Sign in
      </button>
      <button data-testid="sign-out" type="button" onClick={signOutEverywhere}>
        Sign out
      </button>
      <button data-testid="refresh" type="button" onClick={refresh}>
        Refresh credentials
      </button>
      <Show when={authError}>
        <p class="error" data-testid="auth-error">
          {authError}
        </p>
      </Show>
    </section>
  );
}
