import {
  AwsCredentialsProvider,
  createCredentialsClient,
  fetchTransport,
  webIdentity,
} from '@web-identity/react';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { idTokenOf, isRedirectBack, playgroundUserManager } from './auth.js';
import { loadConfig } from './config.js';
import { connectKit } from './kit.js';
import { createExchangeWatch } from './watch.js';
import './styles.css';

/** The library's defaults, stated here so the refresh plan on the page is computed from the same numbers. */
const TIMING = { refreshBeforeExpiryMs: 5 * 60_000, minValidityMs: 60_000 };

async function start(): Promise<void> {
  const root = createRoot(document.getElementById('root')!);
  try {
    const config = await loadConfig();
    const userManager = playgroundUserManager(config);
    if (isRedirectBack()) {
      await userManager.signinCallback();
      history.replaceState(null, '', '/');
    }
    const kit = await connectKit(config);
    const watch = createExchangeWatch(TIMING);
    const client = createCredentialsClient({
      region: config.region,
      source: webIdentity({ roleArn: config.roleArn, endpoint: config.stsEndpoint }),
      getIdToken: idTokenOf(userManager),
      transport: watch.transport(fetchTransport()),
      onEvent: watch.onEvent,
      ...TIMING,
    });
    root.render(
      <StrictMode>
        <AwsCredentialsProvider client={client}>
          <App config={config} userManager={userManager} kit={kit} watch={watch} />
        </AwsCredentialsProvider>
      </StrictMode>,
    );
  } catch (error) {
    root.render(<p role="alert">Could not start: {(error as Error).message}</p>);
  }
}

void start();
