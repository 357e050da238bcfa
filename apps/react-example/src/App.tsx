import type { UserManager } from 'oidc-client-ts';
import { Consumers } from './Consumers.js';
import { CredentialsPanel } from './CredentialsPanel.js';
import type { AppConfig } from './config.js';
import { Uploads } from './Uploads.js';

export function App({ config, userManager }: { config: AppConfig; userManager: UserManager }) {
  return (
    <main>
      <h1>Photo uploads with temporary AWS credentials</h1>
      <p className="hint">
        Sign in as <code>alice</code> or <code>bob</code> (password <code>password</code>) on the local IdP.
      </p>
      <CredentialsPanel userManager={userManager} />
      <Uploads config={config} />
      <Consumers config={config} />
    </main>
  );
}
