import { S3Client } from '@aws-sdk/client-s3';
import { useAwsClient, useAwsCredentials } from '@web-identity/react';
import type { AppConfig } from './config.js';
import { s3Config } from './s3.js';
import { useNow } from './useNow.js';

/** Three independent components reading the same credentials: they share one client and one exchange. */
export function Consumers({ config }: { config: AppConfig }) {
  return (
    <section aria-labelledby="consumers-title" data-testid="consumers">
      <h2 id="consumers-title">Other components using the same credentials</h2>
      <ul>
        <GreetingConsumer />
        <CountdownConsumer />
        <BucketConsumer config={config} />
      </ul>
    </section>
  );
}

function GreetingConsumer() {
  const { status, identity } = useAwsCredentials();
  return (
    <li>
      Greeting: {identity ? `hello ${identity.subject}` : 'nobody signed in'} ·{' '}
      <span data-testid="consumer-status">{status}</span>
    </li>
  );
}

function CountdownConsumer() {
  const { status, credentials } = useAwsCredentials();
  const now = useNow();
  // `credentials != null` is the test for "usable" (ready or refreshing).
  const left = credentials ? Math.max(0, Math.round((credentials.expiration.getTime() - now) / 1000)) : 0;
  return (
    <li>
      Countdown: {credentials ? `${left}s of usable keys` : 'no usable keys'} ·{' '}
      <span data-testid="consumer-status">{status}</span>
    </li>
  );
}

function BucketConsumer({ config }: { config: AppConfig }) {
  const s3 = useAwsClient(S3Client, s3Config(config));
  const { status, credentials } = useAwsCredentials();
  return (
    <li>
      Bucket: {config.bucket} · its own S3 client {s3 && credentials ? 'can sign' : 'cannot sign'} ·{' '}
      <span data-testid="consumer-status">{status}</span>
    </li>
  );
}
