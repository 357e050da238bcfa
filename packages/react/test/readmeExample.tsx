// The README's example, verbatim (test/readme.test.ts keeps the two in sync); typechecked with the package.
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import {
  AwsCredentialsProvider,
  createCredentialsClient,
  useAwsClient,
  useAwsCredentials,
  webIdentity,
} from '@web-identity/react';
import { UserManager } from 'oidc-client-ts';
import { createRoot } from 'react-dom/client';
import { AuthProvider } from 'react-oidc-context';

const oidc = new UserManager({
  authority: 'https://idp.example.com',
  client_id: 'my-spa',
  redirect_uri: `${location.origin}/`,
});
const aws = createCredentialsClient({
  region: 'eu-west-1',
  source: webIdentity({ roleArn: 'arn:aws:iam::123456789012:role/PhotoUploader' }),
  // The ID token, never the access token; `forceRefresh` asks the IdP for a new one silently.
  getIdToken: async ({ forceRefresh }) =>
    (await (forceRefresh ? oidc.signinSilent() : oidc.getUser()))?.id_token ?? null,
});

function Photos() {
  const { credentials, status } = useAwsCredentials();
  const s3 = useAwsClient(S3Client, { region: 'eu-west-1' });
  if (credentials == null)
    return (
      <button type="button" onClick={() => oidc.signinRedirect()}>
        Sign in ({status})
      </button>
    );
  return (
    <button type="button" onClick={() => s3.send(new ListObjectsV2Command({ Bucket: 'photos' }))}>
      List photos
    </button>
  );
}

// Back from the IdP: clean the URL, then exchange the new ID token.
const afterSignIn = () => {
  history.replaceState(null, '', '/');
  void aws.refresh();
};
createRoot(document.getElementById('root')!).render(
  <AuthProvider userManager={oidc} onSigninCallback={afterSignIn}>
    <AwsCredentialsProvider client={aws}>
      <Photos />
    </AwsCredentialsProvider>
  </AuthProvider>,
);
