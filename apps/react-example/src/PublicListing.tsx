import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { useAwsClient, useAwsCredentials } from '@web-identity/react';
import { useEffect, useState } from 'react';
import type { AppConfig } from './config.js';
import { describeError } from './format.js';
import { s3Config } from './s3.js';

/**
 * What anyone may see, signed in or not: `public/` of the bucket, listed with the credentials of the nearest
 * provider, a Cognito identity pool in guest mode. Before sign-in they are a guest's (the pool's guest role);
 * after sign-in the same identity's, signed in.
 */
export function PublicListing({ config }: { config: AppConfig }) {
  const { status, identity, credentials, error } = useAwsCredentials();
  const s3 = useAwsClient(S3Client, s3Config(config));
  const [keys, setKeys] = useState<string[] | null>(null);
  const [listError, setListError] = useState<unknown>(null);
  const usable = credentials != null;

  useEffect(() => {
    if (!usable) return;
    let live = true;
    s3.send(new ListObjectsV2Command({ Bucket: config.bucket, Prefix: 'public/' })).then(
      (out) => live && setKeys((out.Contents ?? []).map((o) => o.Key ?? '')),
      (e: unknown) => live && setListError(e),
    );
    return () => {
      live = false;
    };
  }, [usable, s3, config.bucket]);

  return (
    <section aria-labelledby="public-title">
      <h2 id="public-title">Public listing</h2>
      <dl>
        <dt>Status</dt>
        <dd data-testid="public-status">{status}</dd>
        <dt>Visitor</dt>
        <dd data-testid="public-visitor">{identity ? (identity.guest ? 'guest' : identity.subject) : ''}</dd>
        <dt>Identity id</dt>
        <dd data-testid="public-identity-id">{identity?.identityId ?? ''}</dd>
        <dt>Error</dt>
        <dd data-testid="public-error">{describeError(error ?? listError)}</dd>
      </dl>
      <ul data-testid="public-listing">
        {keys?.map((key) => (
          <li key={key}>{key}</li>
        ))}
      </ul>
    </section>
  );
}
