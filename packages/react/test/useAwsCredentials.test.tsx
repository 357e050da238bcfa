import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { CredentialsError } from '@web-identity/core';
import { SNAPSHOT_FIELDS } from '@web-identity/core/internal';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AwsCredentialsProvider, type AwsCredentialsState, useAwsCredentials } from '../src/index.js';
import { FakeCredentialsClient, quietRenderErrors } from './fakeClient.js';

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') });
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const seen: AwsCredentialsState[] = [];
function Probe() {
  const state = useAwsCredentials();
  seen.push(state);
  return (
    <div>
      <span data-testid="status">{state.status}</span>
      <span data-testid="subject">{state.identity?.subject ?? ''}</span>
      <span data-testid="key">{state.credentials?.accessKeyId ?? ''}</span>
      <span data-testid="count">{state.exchangeCount}</span>
      <span data-testid="error">{state.error?.code ?? ''}</span>
      <button type="button" onClick={state.refresh}>
        refresh
      </button>
      <button type="button" onClick={state.signOut}>
        sign out
      </button>
    </div>
  );
}

const text = (id: string) => screen.getByTestId(id).textContent;
const advance = (ms: number) => act(() => vi.advanceTimersByTimeAsync(ms));

function renderWith(client: FakeCredentialsClient) {
  seen.length = 0;
  return render(
    <AwsCredentialsProvider client={client}>
      <Probe />
    </AwsCredentialsProvider>,
  );
}

describe('useAwsCredentials', () => {
  it("returns every field of core's snapshot (its SNAPSHOT_FIELDS), as the snapshot has it", async () => {
    const client = new FakeCredentialsClient({
      latencyMs: 100,
      lifetimeMs: 900_000,
      refreshBeforeMs: 300_000,
    });
    renderWith(client);
    await advance(200);
    const state = seen.at(-1)!;
    const snapshot = client.getSnapshot();
    expect(snapshot.status).toBe('ready');
    for (const k of SNAPSHOT_FIELDS) expect(state[k], k).toBe(snapshot[k]);
  });

  it('throws an error naming the fix when used outside <AwsCredentialsProvider>', () => {
    quietRenderErrors();
    expect(() => render(<Probe />)).toThrow(
      /useAwsCredentials\(\).*outside <AwsCredentialsProvider>.*Wrap your app/,
    );
  });

  it('goes loading -> ready -> refreshing -> ready as the client exchanges and refreshes', async () => {
    const client = new FakeCredentialsClient({
      latencyMs: 100,
      lifetimeMs: 900_000,
      refreshBeforeMs: 300_000,
    });
    renderWith(client);
    expect(text('status')).toBe('loading');
    expect(text('key')).toBe('');

    await advance(100);
    expect(text('status')).toBe('ready');
    expect(text('subject')).toBe('alice');
    expect(text('key')).toBe('ASIAFAKE00000001');
    expect(text('count')).toBe('1');

    await advance(600_000); // reaches refreshAt = expiry - 5 min
    expect(text('status')).toBe('refreshing');
    expect(text('key')).toBe('ASIAFAKE00000001'); // old keys stay usable while refreshing

    await advance(100);
    expect(text('status')).toBe('ready');
    expect(text('key')).toBe('ASIAFAKE00000002');
    expect(text('count')).toBe('2');
    expect(client.exchangesStarted).toBe(2);
  });

  it('shows error when the first exchange fails, and ready again after refresh()', async () => {
    const client = new FakeCredentialsClient();
    client.failNextExchange(new CredentialsError('AccessDenied', 'Not authorized to perform AssumeRole.'));
    renderWith(client);
    await advance(100);
    expect(text('status')).toBe('error');
    expect(text('error')).toBe('AccessDenied');

    fireEvent.click(screen.getByText('refresh'));
    expect(text('status')).toBe('loading');
    await advance(100);
    expect(text('status')).toBe('ready');
    expect(text('error')).toBe('');
  });

  it('keeps ready with the last error while a background refresh fails', async () => {
    const client = new FakeCredentialsClient({ lifetimeMs: 900_000 });
    renderWith(client);
    await advance(100);
    client.failNextExchange();
    await advance(600_100);
    expect(text('status')).toBe('ready');
    expect(text('error')).toBe('Throttled');
    expect(text('key')).toBe('ASIAFAKE00000001');
  });

  it('signOut empties the state', async () => {
    const client = new FakeCredentialsClient();
    renderWith(client);
    await advance(100);
    fireEvent.click(screen.getByText('sign out'));
    expect(text('status')).toBe('signed-out');
    expect(text('key')).toBe('');
    expect(text('subject')).toBe('');
    expect(client.signOutCalls).toBe(1);
  });

  it('refresh ignores its arguments (the click event) and never rejects', async () => {
    const client = new FakeCredentialsClient({ startOnSubscribe: false });
    renderWith(client);
    client.failNextExchange();
    fireEvent.click(screen.getByText('refresh'));
    expect(client.refreshCalls).toEqual([[]]);

    const { refresh } = seen.at(-1)!;
    client.failNextExchange();
    // biome-ignore lint/suspicious/noExplicitAny: calling with an unexpected argument on purpose
    const outcome = (refresh as any)('ignored');
    await advance(100);
    await expect(outcome).resolves.toBeUndefined();
    expect(client.refreshCalls.at(-1)).toEqual([]);
    expect(text('status')).toBe('error');
  });

  it('returns the same object while nothing changes, and stable actions and provider across changes', async () => {
    const client = new FakeCredentialsClient({ startOnSubscribe: false });
    const { rerender } = renderWith(client);
    rerender(
      <AwsCredentialsProvider client={client}>
        <Probe />
      </AwsCredentialsProvider>,
    );
    const [first, second] = seen;
    expect(seen).toHaveLength(2);
    expect(second).toBe(first);
    act(() => {
      first!.refresh();
    });
    await advance(100);
    const last = seen.at(-1)!;
    expect(last).not.toBe(first);
    expect(last.refresh).toBe(first!.refresh);
    expect(last.signOut).toBe(first!.signOut);
    expect(last.provider).toBe(client.provider);
  });

  it('hands out the snapshot fields as they are (credentials object not copied)', async () => {
    const client = new FakeCredentialsClient();
    renderWith(client);
    await advance(100);
    const snap = client.getSnapshot();
    const state = seen.at(-1)!;
    expect(state.credentials).toBe(snap.credentials);
    expect(state.identity).toBe(snap.identity);
    expect(state.expiresAt).toBe(snap.expiresAt);
    expect(state.refreshAt).toBe(snap.refreshAt);
    expect(state.exchangeCount).toBe(snap.exchangeCount);
  });

  it('unsubscribes on unmount', async () => {
    const client = new FakeCredentialsClient();
    const { unmount } = renderWith(client);
    expect(client.listenerCount).toBe(1);
    unmount();
    expect(client.listenerCount).toBe(0);
    await advance(100);
    expect(client.disposed).toBe(false); // a passed client is never disposed by the provider
  });

  it('follows a new client passed to the provider', async () => {
    const a = new FakeCredentialsClient({ subject: 'alice' });
    const b = new FakeCredentialsClient({ subject: 'bob' });
    const { rerender } = renderWith(a);
    await advance(100);
    expect(text('subject')).toBe('alice');
    rerender(
      <AwsCredentialsProvider client={b}>
        <Probe />
      </AwsCredentialsProvider>,
    );
    await advance(100);
    expect(text('subject')).toBe('bob');
    expect(a.listenerCount).toBe(0);
    expect(b.listenerCount).toBe(1);
  });
});
