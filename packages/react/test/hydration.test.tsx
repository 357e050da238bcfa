import { act, cleanup, screen } from '@testing-library/react';
import { hydrateRoot } from 'react-dom/client';
import { renderToString } from 'react-dom/server';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { AwsCredentialsProvider, useAwsCredentials } from '../src/index.js';
import { FakeCredentialsClient } from './fakeClient.js';

function Panel() {
  const { status } = useAwsCredentials();
  return <p data-testid="status">{status}</p>;
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

it('hydrates the signed-out server HTML without a mismatch, then shows the browser state', async () => {
  const server = new FakeCredentialsClient();
  const html = renderToString(
    <AwsCredentialsProvider client={server}>
      <Panel />
    </AwsCredentialsProvider>,
  );
  const container = document.createElement('div');
  container.innerHTML = html;
  document.body.append(container);

  const browser = new FakeCredentialsClient({ latencyMs: 10 });
  const ready = browser.refresh();
  await vi.advanceTimersByTimeAsync(10);
  await ready;
  expect(browser.getSnapshot().status).toBe('ready');

  const recoverable = vi.fn();
  const errors = vi.spyOn(console, 'error');
  let root: ReturnType<typeof hydrateRoot> | undefined;
  await act(async () => {
    root = hydrateRoot(
      container,
      <AwsCredentialsProvider client={browser}>
        <Panel />
      </AwsCredentialsProvider>,
      { onRecoverableError: recoverable },
    );
  });
  expect(screen.getByTestId('status').textContent).toBe('ready');
  expect(recoverable).not.toHaveBeenCalled();
  expect(errors).not.toHaveBeenCalled();
  act(() => root!.unmount());
  container.remove();
});
