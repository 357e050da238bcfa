import { AwsCredentialsProvider, type CredentialsClient } from '@web-identity/react';
import type { UserManager } from 'oidc-client-ts';
import { Consumers } from './Consumers.js';
import { CredentialsPanel } from './CredentialsPanel.js';
import type { AppConfig } from './config.js';
import { PublicListing } from './PublicListing.js';
import { Uploads } from './Uploads.js';

export function App({
  config,
  userManager,
  guestClient = null,
}: {
  config: AppConfig;
  userManager: UserManager;
  /** A guest-mode client for the public listing (only when the config names a guest identity pool). */
  guestClient?: CredentialsClient | null;
}) {
  return (
    <main>
      <h1>Photo uploads with temporary AWS credentials</h1>
      <p className="hint">
        Sign in as <code>alice</code> or <code>bob</code> (password <code>password</code>) on the local IdP.
      </p>
      <CredentialsPanel userManager={userManager} />
      <Uploads config={config} />
      <Consumers config={config} />
      {guestClient && (
        <AwsCredentialsProvider client={guestClient}>
          <PublicListing config={config} />
        </AwsCredentialsProvider>
      )}
    </main>
  );
}
