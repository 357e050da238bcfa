import { act, cleanup, render, screen } from '@testing-library/react';
import { type CredentialsClientOptions, createCredentialsClient } from '@web-identity/core';
import { StrictMode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AwsCredentialsProvider, useAwsCredentials } from '../src/index.js';
import { FakeCredentialsClient, quietRenderErrors } from './fakeClient.js';

// Unit level: the provider's own lifecycle, with core's factory replaced by fake clients.
const created: FakeCredentialsClient[] = [];
vi.mock('@web-identity/core', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@web-identity/core')>()),
  createCredentialsClient: vi.fn(() => {
    const client = new FakeCredentialsClient();
    created.push(client);
    return client;
  }),
}));

const options = { region: 'eu-west-1' } as unknown as CredentialsClientOptions;

function Status() {
  return <span data-testid="status">{useAwsCredentials().status}</span>;
}

beforeEach(() => {
  created.length = 0;
  vi.mocked(createCredentialsClient).mockClear();
  vi.useFakeTimers();
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const flush = () => act(() => vi.advanceTimersByTimeAsync(100));

describe('<AwsCredentialsProvider options>', () => {
  it('creates one client from options and disposes it on unmount', async () => {
    const { unmount } = render(
      <AwsCredentialsProvider options={options}>
        <Status />
      </AwsCredentialsProvider>,
    );
    expect(createCredentialsClient).toHaveBeenCalledTimes(1);
    expect(createCredentialsClient).toHaveBeenCalledWith(options);
    await flush();
    expect(screen.getByTestId('status').textContent).toBe('ready');
    unmount();
    await flush();
    expect(created[0]!.disposed).toBe(true);
  });

  it('ignores later option changes with one development warning', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { rerender } = render(<AwsCredentialsProvider options={options} />);
    rerender(<AwsCredentialsProvider options={{ ...options }} />); // equal: no warning
    expect(warn).not.toHaveBeenCalled();
    const changed = { ...options, region: 'us-east-1' };
    rerender(<AwsCredentialsProvider options={changed} />);
    rerender(<AwsCredentialsProvider options={{ ...changed, minValidityMs: 1 }} />);
    expect(createCredentialsClient).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![0]).toMatch(/options> changed .* ignored/);
  });

  it('does not warn in production', () => {
    vi.stubEnv('NODE_ENV', 'production');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { rerender } = render(<AwsCredentialsProvider options={options} />);
    rerender(<AwsCredentialsProvider options={{ ...options, region: 'us-east-1' }} />);
    expect(warn).not.toHaveBeenCalled();
    vi.unstubAllEnvs();
  });

  it('survives StrictMode: the committed client is not disposed and exchanges once', async () => {
    const { unmount } = render(
      <StrictMode>
        <AwsCredentialsProvider options={options}>
          <Status />
          <Status />
        </AwsCredentialsProvider>
      </StrictMode>,
    );
    await flush();
    const used = created.filter((c) => c.subscribeCalls > 0);
    expect(used).toHaveLength(1);
    expect(used[0]!.disposed).toBe(false);
    expect(created.reduce((n, c) => n + c.exchangesStarted, 0)).toBe(1);
    expect(screen.getAllByTestId('status').map((e) => e.textContent)).toEqual(['ready', 'ready']);
    unmount();
    await flush();
    expect(used[0]!.disposed).toBe(true);
  });

  it('never disposes a client passed as `client`', async () => {
    const client = new FakeCredentialsClient();
    const { unmount } = render(
      <StrictMode>
        <AwsCredentialsProvider client={client}>
          <Status />
        </AwsCredentialsProvider>
      </StrictMode>,
    );
    await flush();
    unmount();
    await flush();
    expect(client.disposed).toBe(false);
    expect(createCredentialsClient).not.toHaveBeenCalled();
  });

  it('explains a missing client', () => {
    quietRenderErrors();
    // @ts-expect-error neither client nor options
    expect(() => render(<AwsCredentialsProvider />)).toThrow(/needs a `client`.*or `options`/);
  });
});
