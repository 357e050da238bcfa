import { S3Client } from '@aws-sdk/client-s3';
import { act, cleanup, render, screen } from '@testing-library/react';
import { StrictMode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AwsCredentialsProvider, useAwsClient, useAwsCredentials } from '../src/index.js';
import { FakeCredentialsClient } from './fakeClient.js';

function Consumer({ i }: { i: number }) {
  const { status, credentials } = useAwsCredentials();
  useAwsClient(S3Client, { region: 'eu-west-1' });
  return (
    <span data-testid="consumer">
      {i}:{status}:{credentials?.accessKeyId ?? ''}
    </span>
  );
}
const fifty = Array.from({ length: 50 }, (_, i) => `consumer-${i}`).map((id, i) => (
  <Consumer key={id} i={i} />
));

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('many components, one client', () => {
  it('50 components using useAwsCredentials() and useAwsClient() cause one exchange', async () => {
    const client = new FakeCredentialsClient();
    const { unmount } = render(<AwsCredentialsProvider client={client}>{fifty}</AwsCredentialsProvider>);
    await act(() => vi.advanceTimersByTimeAsync(100));
    expect(client.exchangesStarted).toBe(1);
    const shown = screen.getAllByTestId('consumer').map((e) => e.textContent);
    expect(shown).toHaveLength(50);
    expect(shown.every((t) => t.endsWith(':ready:ASIAFAKE00000001'))).toBe(true);
    expect(client.listenerCount).toBe(50);
    unmount();
    expect(client.listenerCount).toBe(0);
  });

  it('StrictMode double mounting adds no exchange and leaves no extra subscription', async () => {
    const client = new FakeCredentialsClient();
    const { unmount } = render(
      <StrictMode>
        <AwsCredentialsProvider client={client}>{fifty}</AwsCredentialsProvider>
      </StrictMode>,
    );
    await act(() => vi.advanceTimersByTimeAsync(100));
    expect(client.exchangesStarted).toBe(1);
    expect(client.listenerCount).toBe(50);
    unmount();
    expect(client.listenerCount).toBe(0);
  });
});
