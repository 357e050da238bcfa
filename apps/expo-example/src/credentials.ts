import type { StorageLike } from '@web-identity/react';
import { type CredentialsClient, createCredentialsClient, webIdentity } from '@web-identity/react';
import { AppState } from 'react-native';
import { getIdToken } from './auth';
import type { AppConfig } from './config';
import { appStateWake } from './platform';

/**
 * The app's one credentials client. React Native has no `visibilitychange`: AppState wakes it when the app comes
 * back to the foreground. `storage` keeps a Cognito guest's identity id across launches (SecureStore here).
 */
export function createAppClient(config: AppConfig, storage: StorageLike): CredentialsClient {
  return createCredentialsClient({
    region: config.region,
    source: webIdentity({ roleArn: config.roleArn, endpoint: config.stsEndpoint }),
    getIdToken,
    platform: { watchWake: appStateWake(AppState), storage: () => storage },
  });
}
