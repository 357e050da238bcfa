import { provideHttpClient, withFetch, withInterceptors } from '@angular/common/http';
import {
  type ApplicationConfig,
  provideBrowserGlobalErrorListeners,
  provideZonelessChangeDetection,
} from '@angular/core';
import { provideAwsCredentials, webIdentity, withAwsSigV4 } from '@web-identity/angular';
import { UserManager } from 'oidc-client-ts';
import { APP_SETTINGS, type AppSettings } from './app-settings';
import { idTokenGetter } from './auth';

/** Where the local kit serves its SigV4-verifying execute-api echo, relative to its endpoint. */
export const KIT_EXECUTE_API_PATH = '/execute-api';

export function appConfig(settings: AppSettings, userManager: UserManager): ApplicationConfig {
  const apiEndpoint =
    settings.apiEndpoint ??
    (settings.stsEndpoint ? `${settings.stsEndpoint.replace(/\/+$/, '')}${KIT_EXECUTE_API_PATH}` : undefined);
  return {
    providers: [
      provideBrowserGlobalErrorListeners(),
      provideZonelessChangeDetection(),
      { provide: APP_SETTINGS, useValue: { ...settings, apiEndpoint } },
      { provide: UserManager, useValue: userManager },
      provideHttpClient(
        withFetch(),
        withInterceptors([withAwsSigV4({ region: settings.region, urls: apiEndpoint ? [apiEndpoint] : [] })]),
      ),
      provideAwsCredentials({
        region: settings.region,
        source: webIdentity({ roleArn: settings.roleArn, endpoint: settings.stsEndpoint }),
        getIdToken: idTokenGetter(userManager),
      }),
    ],
  };
}
