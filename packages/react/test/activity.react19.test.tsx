import { act, cleanup, render, screen } from '@testing-library/react';
import { type CredentialsClientOptions, createCredentialsClient } from '@web-identity/core';
import { Activity } from 'react';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { AwsCredentialsProvider, useAwsCredentials } from '../src/index.js';
import { FakeCredentialsClient } from './fakeClient.js';

// React 19 only (<Activity> does not exist in 18; the React 18 project excludes *.react19.test.tsx).
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
const ui = (mode: 'visible' | 'hidden') => (
  <Activity mode={mode}>
    <AwsCredentialsProvider options={options}>
      <Status />
    </AwsCredentialsProvider>
  </Activity>
);

beforeEach(() => {
  created.length = 0;
  vi.mocked(createCredentialsClient).mockClear();
  vi.useFakeTimers();
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

it('hidden by <Activity> disposes the owned client; shown again, a fresh one takes over', async () => {
  const { rerender } = render(ui('visible'));
  await act(() => vi.advanceTimersByTimeAsync(100));
  expect(screen.getByTestId('status').textContent).toBe('ready');
  const first = created.at(-1)!;

  rerender(ui('hidden'));
  await act(() => vi.advanceTimersByTimeAsync(100));
  expect(first.disposed).toBe(true);

  rerender(ui('visible'));
  await act(() => vi.advanceTimersByTimeAsync(100));
  const second = created.at(-1)!;
  expect(second).not.toBe(first);
  expect(second.disposed).toBe(false);
  expect(second.listenerCount).toBe(1);
  expect(first.listenerCount).toBe(0);
  expect(screen.getByTestId('status').textContent).toBe('ready');
});
