import { describe, expect, it, vi } from 'vitest';
import { type CredentialsClient, CredentialsError, SIGNED_OUT_SNAPSHOT } from '../src/index.js';
import { quietActions, SERVER_CLIENT, SNAPSHOT_FIELDS } from '../src/internal.js';

function client(over: Partial<CredentialsClient>): CredentialsClient {
  return { ...SERVER_CLIENT, ...over };
}

describe('quietActions', () => {
  it('refresh resolves with nothing when the client rejects or throws, and ignores its arguments', async () => {
    const rejecting = client({
      refresh: vi.fn(() => Promise.reject(new CredentialsError('AccessDenied', 'no'))),
    });
    const throwing = client({
      refresh: vi.fn(() => {
        throw new Error('sync');
      }),
    });
    for (const c of [rejecting, throwing]) {
      const { refresh } = quietActions(c);
      await expect((refresh as (e: unknown) => Promise<void>)({ type: 'click' })).resolves.toBeUndefined();
      expect(c.refresh).toHaveBeenCalledWith();
    }
  });

  it('signOut never throws, and both run inside the given wrapper', async () => {
    const signOut = vi.fn(() => {
      throw new Error('boom');
    });
    let runs = 0;
    const run = <T>(fn: () => T): T => {
      runs++;
      return fn();
    };
    const actions = quietActions(client({ signOut, refresh: () => Promise.resolve({} as never) }), run);
    expect(() => actions.signOut()).not.toThrow();
    await actions.refresh();
    expect(signOut).toHaveBeenCalledTimes(1);
    expect(runs).toBe(2);
  });
});

describe('SERVER_CLIENT', () => {
  it('is signed out, starts nothing and refuses credentials with NoIdentityToken', async () => {
    expect(SERVER_CLIENT.getSnapshot()).toBe(SIGNED_OUT_SNAPSHOT);
    const listener = vi.fn();
    SERVER_CLIENT.subscribe(listener)();
    expect(listener).not.toHaveBeenCalled();
    for (const p of [SERVER_CLIENT.getCredentials(), SERVER_CLIENT.refresh(), SERVER_CLIENT.provider()]) {
      await expect(p).rejects.toMatchObject({ code: 'NoIdentityToken', retryable: false });
    }
  });
});

describe('SNAPSHOT_FIELDS', () => {
  it('names every field of a snapshot, once', () => {
    expect([...SNAPSHOT_FIELDS].sort()).toEqual(Object.keys(SIGNED_OUT_SNAPSHOT).sort());
    expect(new Set(SNAPSHOT_FIELDS).size).toBe(SNAPSHOT_FIELDS.length);
  });
});
