import { S3Client } from '@aws-sdk/client-s3';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import {
  type CredentialsClient,
  CredentialsError,
  createCredentialsClient,
  type ExchangeResult,
  type Transport,
  webIdentity,
} from '@web-identity/core';
import { StrictMode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AwsCredentialsProvider, useAwsClient, useAwsCredentials } from '../src/index.js';

// The adapter over the real core client (store, scheduler, webIdentity source); only the wire is faked.
const ROLE = 'arn:aws:iam::123456789012:role/PhotoUploader';
const LIFETIME_S = 3600;

const b64url = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
function idToken(sub = 'alice'): string {
  const iat = Math.floor(Date.now() / 1000);
  return `${b64url({ alg: 'RS256', typ: 'JWT' })}.${b64url({ iss: 'https://idp.test', sub, aud: 'web-identity-demo', iat, exp: iat + 3600 })}.c2ln`;
}

class FakeStsTransport implements Pick<Transport, 'name' | 'assumeRoleWithWebIdentity'> {
  readonly name = 'fake-sts';
  calls = 0;
  failures: CredentialsError[] = [];
  async assumeRoleWithWebIdentity(input: {
    roleArn: string;
    roleSessionName: string;
  }): Promise<ExchangeResult> {
    this.calls++;
    const n = this.calls;
    await new Promise((r) => setTimeout(r, 50));
    const failure = this.failures.shift();
    if (failure) throw failure;
    return {
      accessKeyId: `ASIAREAL${String(n).padStart(8, '0')}`,
      secretAccessKey: `secret-${n}-xxxxxxxxxxxxxxxxxxxxxxxx`,
      sessionToken: `session-${n}-xxxxxxxxxxxxxxxxxxxxxxxx`,
      expiration: new Date(Date.now() + LIFETIME_S * 1000),
      serverDate: new Date(),
      identity: {
        assumedRoleArn: `${input.roleArn.replace(':role/', ':assumed-role/')}/${input.roleSessionName}`,
      },
    };
  }
}

let transport: FakeStsTransport;
let signedIn: boolean;
const options = () => ({
  region: 'eu-west-1',
  source: webIdentity({ roleArn: ROLE }),
  getIdToken: () => (signedIn ? idToken() : null),
  transport: transport as unknown as Transport,
  broadcastChannel: false as const,
});

function Panel() {
  const { status, identity, credentials, exchangeCount, error, refresh, signOut } = useAwsCredentials();
  return (
    <div>
      <span data-testid="status">{status}</span>
      <span data-testid="subject">{identity?.subject ?? ''}</span>
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
  useAwsClient(S3Client, { region: 'eu-west-1' });
  return <span data-testid="consumer">{status}</span>;
}
const consumers = Array.from({ length: 50 }, (_, i) => `c${i}`).map((id) => <Consumer key={id} />);

const text = (id: string) => screen.getByTestId(id).textContent;
const advance = (ms: number) => act(() => vi.advanceTimersByTimeAsync(ms));

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-03-01T12:00:00Z') });
  transport = new FakeStsTransport();
  signedIn = true;
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('with the real core client', () => {
  it('50 components with useAwsCredentials() and useAwsClient() share one exchange, and one per refresh', async () => {
    const client = createCredentialsClient(options());
    render(
      <AwsCredentialsProvider client={client}>
        <Panel />
        {consumers}
      </AwsCredentialsProvider>,
    );
    expect(text('status')).toBe('loading');
    await advance(50);
    expect(text('status')).toBe('ready');
    expect(transport.calls).toBe(1);
    expect(screen.getAllByTestId('consumer').every((e) => e.textContent === 'ready')).toBe(true);

    // Past the advisory refresh point (5 min before expiry, minus up to 30 s jitter).
    await advance((LIFETIME_S - 5 * 60) * 1000);
    expect(transport.calls).toBe(2);
    await advance(50);
    expect(text('key')).toBe('ASIAREAL00000002');
    expect(text('count')).toBe('2');
    client.dispose();
  });

  it('walks loading -> ready -> refreshing -> ready, shows a failed refresh, and recovers', async () => {
    const client = createCredentialsClient(options());
    render(
      <AwsCredentialsProvider client={client}>
        <Panel />
      </AwsCredentialsProvider>,
    );
    expect(text('status')).toBe('loading');
    await advance(50);
    expect(text('status')).toBe('ready');
    expect(text('subject')).toBe('alice');

    transport.failures.push(new CredentialsError('Throttled', 'Rate exceeded.'));
    fireEvent.click(screen.getByText('refresh'));
    await advance(0);
    expect(text('status')).toBe('refreshing');
    await advance(50);
    expect(text('status')).toBe('ready'); // old keys still valid
    expect(text('error')).toBe('Throttled');
    expect(text('key')).toBe('ASIAREAL00000001');

    fireEvent.click(screen.getByText('refresh'));
    await advance(50);
    expect(text('status')).toBe('ready');
    expect(text('error')).toBe('');
    expect(text('key')).toBe('ASIAREAL00000003');
    client.dispose();
  });

  it('signOut() empties the panel; refresh() after signing in again starts a new session', async () => {
    const client = createCredentialsClient(options());
    render(
      <AwsCredentialsProvider client={client}>
        <Panel />
      </AwsCredentialsProvider>,
    );
    await advance(50);
    fireEvent.click(screen.getByText('sign out'));
    signedIn = false;
    expect(text('status')).toBe('signed-out');
    expect(text('key')).toBe('');
    await advance(LIFETIME_S * 1000);
    expect(transport.calls).toBe(1); // no refresh after sign-out

    signedIn = true;
    fireEvent.click(screen.getByText('refresh'));
    await advance(50);
    expect(text('status')).toBe('ready');
    expect(transport.calls).toBe(2);
    client.dispose();
  });

  it('shows a non-retryable failure as error', async () => {
    transport.failures.push(
      new CredentialsError('AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity.'),
    );
    const client = createCredentialsClient(options());
    render(
      <AwsCredentialsProvider client={client}>
        <Panel />
      </AwsCredentialsProvider>,
    );
    await advance(50);
    expect(text('status')).toBe('error');
    expect(text('error')).toBe('AccessDenied');
    client.dispose();
  });

  it('StrictMode + options: one exchange, and the provider disposes its client on unmount', async () => {
    const { unmount } = render(
      <StrictMode>
        <AwsCredentialsProvider options={options()}>
          <Panel />
          {consumers}
        </AwsCredentialsProvider>
      </StrictMode>,
    );
    await advance(50);
    expect(text('status')).toBe('ready');
    expect(transport.calls).toBe(1);
    unmount();
    await advance(LIFETIME_S * 2 * 1000);
    expect(transport.calls).toBe(1); // disposed: its scheduler stopped
  });

  it('unmounting releases every subscription', async () => {
    const real = createCredentialsClient(options());
    let active = 0;
    const client: CredentialsClient = {
      ...real,
      subscribe(listener) {
        active++;
        const off = real.subscribe(listener);
        return () => {
          active--;
          off();
        };
      },
    };
    const { unmount } = render(
      <AwsCredentialsProvider client={client}>
        <Panel />
        {consumers}
      </AwsCredentialsProvider>,
    );
    await advance(50);
    expect(active).toBe(51);
    unmount();
    expect(active).toBe(0);
    real.dispose();
  });
});
