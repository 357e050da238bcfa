// @vitest-environment node
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { AwsCredentialsProvider, getServerSnapshot, useAwsCredentials } from '../src/index.js';
import { FakeCredentialsClient } from './fakeClient.js';

function Panel() {
  const { status, credentials, exchangeCount } = useAwsCredentials();
  return (
    <p>
      {status}|{credentials ? 'has-keys' : 'no-keys'}|{exchangeCount}
    </p>
  );
}

describe('server rendering', () => {
  it('renders the signed-out state without subscribing or exchanging, and without window', () => {
    expect(typeof window).toBe('undefined');
    const client = new FakeCredentialsClient();
    const html = renderToString(
      <AwsCredentialsProvider client={client}>
        <Panel />
      </AwsCredentialsProvider>,
    );
    expect(html).toBe('<p>signed-out<!-- -->|<!-- -->no-keys<!-- -->|<!-- -->0</p>');
    expect(client.subscribeCalls).toBe(0);
    expect(client.exchangesStarted).toBe(0);
  });

  it('getServerSnapshot is one frozen signed-out snapshot', () => {
    const snap = getServerSnapshot();
    expect(snap).toBe(getServerSnapshot());
    expect(Object.isFrozen(snap)).toBe(true);
    expect(snap).toEqual({
      status: 'signed-out',
      credentials: null,
      identity: null,
      expiresAt: null,
      refreshAt: null,
      error: null,
      exchangeCount: 0,
      origin: null,
    });
  });
});
