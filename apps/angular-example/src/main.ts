import { bootstrapApplication } from '@angular/platform-browser';
import { App } from './app/app';
import { appConfig } from './app/app.config';
import type { AppSettings } from './app/app-settings';
import { createUserManager, isSigninCallback } from './app/auth';

const REQUIRED = ['region', 'issuer', 'clientId', 'roleArn', 'bucket'] as const;

async function loadSettings(): Promise<AppSettings> {
  const response = await fetch('/config.json', { cache: 'no-store' });
  if (!response.ok) {
    throw new Error(`GET /config.json answered ${response.status}; serve the app together with its config.`);
  }
  const settings = (await response.json()) as Partial<AppSettings>;
  const missing = REQUIRED.filter((key) => !settings[key]);
  if (missing.length > 0) throw new Error(`/config.json is missing ${missing.join(', ')}.`);
  return settings as AppSettings;
}

async function main(): Promise<void> {
  const settings = await loadSettings();
  const userManager = createUserManager(settings);
  if (isSigninCallback()) {
    // Back from the IdP (or a silent-renew frame): finish the code exchange, then clean the URL.
    await userManager.signinCallback();
    if (window.parent !== window || window.opener) return; // the parent/opener takes it from here
    history.replaceState(null, '', '/');
  }
  // Bootstrapped after the callback, so the first exchange already sees the signed-in user.
  await bootstrapApplication(App, appConfig(settings, userManager));
}

main().catch((err: unknown) => {
  console.error(err);
  document.body.textContent = `Could not start: ${err instanceof Error ? err.message : String(err)}`;
});
