// index.tsx
import { AwsCredentialsProvider, webIdentity } from '@web-identity/solid';
import { render } from 'solid-js/web';
import { oidc } from './auth'; // an oidc-client-ts UserManager, tokens in memory only
import { Photos } from './Photos';

const options = {
  region: 'eu-west-1',
  source: webIdentity({ roleArn: 'arn:aws:iam::123456789012:role/PhotoUploader' }),
  // The ID token (never the access token); `forceRefresh` asks the IdP for a new one silently.
  getIdToken: async ({ forceRefresh }: { forceRefresh: boolean }) =>
    (await (forceRefresh ? oidc.signinSilent() : oidc.getUser()))?.id_token ?? null,
};
render(
  () => (
    <AwsCredentialsProvider options={options}>
      <Photos />
    </AwsCredentialsProvider>
  ),
  document.getElementById('root')!,
);
