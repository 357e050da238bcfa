// Photos.tsx
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { useAwsClient, useAwsCredentials } from '@web-identity/solid';
import { Show } from 'solid-js';
import { oidc } from './auth';

export function Photos() {
  const { credentials, status, identity, refresh, signOut } = useAwsCredentials(); // accessors
  const s3 = useAwsClient(S3Client, { region: 'eu-west-1' }); // signs with the current keys
  const signIn = async () => {
    await oidc.signinPopup();
    await refresh(); // a user just signed in: exchange their ID token now
  };
  const signOutEverywhere = async () => {
    await oidc.removeUser();
    signOut();
  };
  const list = () =>
    s3.send(new ListObjectsV2Command({ Bucket: 'photos', Prefix: `uploads/${identity()?.subject}/` }));
  return (
    <Show
      when={credentials() != null}
      fallback={
        <button type="button" onClick={signIn}>
          Sign in ({status()})
        </button>
      }
    >
      <button type="button" onClick={list}>
        List my photos
      </button>
      <button type="button" onClick={signOutEverywhere}>
        Sign out
      </button>
    </Show>
  );
}
