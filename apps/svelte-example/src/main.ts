import { createCredentialsClient, webIdentity } from '@web-identity/svelte';
import { mount } from 'svelte';
import App from './App.svelte';
import './style.css';
import { callbackKind, createUserManager } from './auth.js';
import { loadConfig } from './config.js';

async function main(): Promise<void> {
  const config = await loadConfig();
  const userManager = createUserManager(config);

  const kind = callbackKind();
  if (kind === 'silent') {
    // This page is the hidden silent-renew iframe: hand the response to the app in the parent window.
    await userManager.signinSilentCallback();
    return;
  }
  let authError = '';
  if (kind === 'redirect') {
    try {
      await userManager.signinRedirectCallback();
    } catch (e) {
      authError = `Sign-in failed: ${(e as Error).message}`;
    }
    history.replaceState(null, '', '/');
  }

  const client = createCredentialsClient({
    region: config.region,
    source: webIdentity({
      roleArn: config.roleArn,
      roleSessionName: (claims) => String(claims.sub),
      endpoint: config.stsEndpoint,
    }),
    // The ID token of the signed-in user (null = signed out); `forceRefresh` renews it silently.
    getIdToken: async ({ forceRefresh }) => {
      const user = forceRefresh ? await userManager.signinSilent() : await userManager.getUser();
      return user?.id_token ?? null;
    },
  });

  const target = document.getElementById('app')!;
  target.replaceChildren();
  mount(App, { target, props: { client, app: { config, userManager, authError } } });
}

main().catch((e: unknown) => {
  const p = document.createElement('p');
  p.setAttribute('data-testid', 'startup-error');
  p.textContent = `The app could not start: ${(e as Error).message}`;
  document.getElementById('app')?.replaceChildren(p);
});
