import {
  AwsCredentialsProvider,
  cognitoIdentityPool,
  createCredentialsClient,
  webIdentity,
} from '@web-identity/react';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { createUserManager, idTokenGetter, isSigninCallback } from './auth.js';
import { loadConfig } from './config.js';
import { describeError } from './format.js';
import './styles.css';

async function start(): Promise<void> {
  const root = createRoot(document.getElementById('root')!);
  try {
    const config = await loadConfig();
    const userManager = createUserManager(config);

    if (isSigninCallback()) {
      // Back from the IdP (or a silent renew / popup frame): finish the code exchange, then clean the URL.
      await userManager.signinCallback();
      if (window.parent !== window || window.opener) return; // the opener/parent window takes it from here
      history.replaceState(null, '', '/');
    }

    // Created after the callback above, so the first exchange already sees the signed-in user.
    const client = createCredentialsClient({
      region: config.region,
      source: webIdentity({ roleArn: config.roleArn, endpoint: config.stsEndpoint }),
      getIdToken: idTokenGetter(userManager),
    });
    // The public listing's client: a guest of the identity pool until sign-in, then the same identity, signed in.
    const guestClient = config.guestIdentityPoolId
      ? createCredentialsClient({
          region: config.region,
          source: cognitoIdentityPool({
            identityPoolId: config.guestIdentityPoolId,
            endpoint: config.cognitoEndpoint,
            guest: true,
          }),
          getIdToken: idTokenGetter(userManager),
        })
      : null;

    root.render(
      <StrictMode>
        <AwsCredentialsProvider client={client}>
          <App config={config} userManager={userManager} guestClient={guestClient} />
        </AwsCredentialsProvider>
      </StrictMode>,
    );
  } catch (error) {
    root.render(<p role="alert">Could not start: {describeError(error)}</p>);
  }
}

void start();
