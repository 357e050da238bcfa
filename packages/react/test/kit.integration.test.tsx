// @vitest-environment node
import './domGlobals.js';
import { S3Client } from '@aws-sdk/client-s3';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { type LocalKit, signInWithPassword, startLocalKit } from '@web-identity/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  AwsCredentialsProvider,
  type CredentialsClient,
  createCredentialsClient,
  useAwsClient,
  useAwsCredentials,
  webIdentity,
} from '../src/index.js';

// Real HTTP, real timers: the local IdP issues the ID token through its login flow, the local STS verifies
// it against the IdP's JWKS and the role's trust policy.
const LIFETIME_S = 6;
let kit: LocalKit;
let idToken: string | null;
let client: CredentialsClient;

beforeAll(async () => {
  kit = await startLocalKit({ aws: { credentialLifetimeSeconds: LIFETIME_S } });
});
afterAll(async () => {
  await kit?.close();
});
beforeEach(async () => {
  idToken = (await signInWithPassword(kit.config.issuer, { login: 'alice' })).idToken;
  kit.aws.clearCalls();
  client = createCredentialsClient({
    region: kit.config.region,
    source: webIdentity({ roleArn: kit.config.roleArn, endpoint: kit.config.stsEndpoint }),
    getIdToken: () => idToken,
    broadcastChannel: false,
  });
});
afterEach(() => {
  cleanup();
  client.dispose();
});

const exchanges = () => kit.aws.calls({ action: 'AssumeRoleWithWebIdentity' });

function Panel() {
  const { status, identity, credentials, exchangeCount, error, refresh, signOut } = useAwsCredentials();
  return (
    <div>
      <span data-testid="status">{status}</span>
      <span data-testid="subject">{identity?.subject ?? ''}</span>
      <span data-testid="role">{identity?.assumedRoleArn ?? ''}</span>
      <span data-testid="key">{credentials?.accessKeyId ?? ''}</span>
      <span data-testid="count">{exchangeCount}</span>
      <span data-testid="error">{error?.code ?? ''}</span>
      <button type="button" onClick={refresh}>
        refresh
      </button>
      <button type="button" onClick={signOut}>
        sign out
      </button>
    </div>
  );
}
function Consumer() {
  const { status } = useAwsCredentials();
  const s3 = useAwsClient(S3Client, {
    region: kit.config.region,
    endpoint: kit.config.s3Endpoint,
    forcePathStyle: true,
  });
  return <span data-testid="consumer">{s3 ? status : 'no client'}</span>;
}
const consumers = Array.from({ length: 50 }, (_, i) => `c${i}`).map((id) => <Consumer key={id} />);
const text = (id: string) => screen.getByTestId(id).textContent;

describe('against the local kit', () => {
  it('50 components get ready credentials for alice from exactly one STS exchange', async () => {
    render(
      <AwsCredentialsProvider client={client}>
        <Panel />
        {consumers}
      </AwsCredentialsProvider>,
    );
    await waitFor(() => expect(text('status')).toBe('ready'));
    expect(text('subject')).toBe('alice');
    expect(text('role')).toContain(':assumed-role/PhotoUploader/');
    const calls = exchanges();
    expect(calls).toHaveLength(1);
    expect(calls[0]!.subject).toBe('alice');
    expect(text('key')).toBe(calls[0]!.issuedAccessKeyId);
    expect(screen.getAllByTestId('consumer').every((e) => e.textContent === 'ready')).toBe(true);
  });

  it('refreshes before expiry: the app count equals the kit count', async () => {
    render(
      <AwsCredentialsProvider client={client}>
        <Panel />
        {consumers}
      </AwsCredentialsProvider>,
    );
    await waitFor(() => expect(text('count')).toBe('2'), { timeout: LIFETIME_S * 2000 });
    const ok = exchanges().filter((c) => c.outcome === 'success');
    expect(ok).toHaveLength(2);
    expect(text('key')).toBe(ok[1]!.issuedAccessKeyId);
    expect(ok[1]!.issuedAccessKeyId).not.toBe(ok[0]!.issuedAccessKeyId);
  }, 20_000);

  it('sign-out empties the state and stops refreshing; refresh() after signing in again works', async () => {
    render(
      <AwsCredentialsProvider client={client}>
        <Panel />
      </AwsCredentialsProvider>,
    );
    await waitFor(() => expect(text('status')).toBe('ready'));
    idToken = null;
    fireEvent.click(screen.getByText('sign out'));
    expect(text('status')).toBe('signed-out');
    expect(text('key')).toBe('');
    await expect(client.getCredentials()).rejects.toMatchObject({ code: 'NoIdentityToken' });
    expect(exchanges()).toHaveLength(1);

    idToken = (await signInWithPassword(kit.config.issuer, { login: 'bob' })).idToken;
    fireEvent.click(screen.getByText('refresh'));
    await waitFor(() => expect(text('status')).toBe('ready'));
    expect(text('subject')).toBe('bob');
    expect(exchanges()).toHaveLength(2);
  });

  it('shows the refusal of a token for another audience as an error', async () => {
    idToken = await kit.idp.issueIdToken({ sub: 'mallory', aud: 'someone-else' });
    render(
      <AwsCredentialsProvider client={client}>
        <Panel />
      </AwsCredentialsProvider>,
    );
    await waitFor(() => expect(text('status')).toBe('error'));
    expect(text('key')).toBe('');
    expect(['AccessDenied', 'InvalidIdentityToken']).toContain(text('error'));
    expect(exchanges().every((c) => c.outcome !== 'success')).toBe(true);
  });
});
