import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  type CredentialsEvent,
  createCredentialsClient,
  type Platform,
  type Transport,
  type WakeCause,
  webIdentity,
} from '../src/index.js';
import { freshResult, jwt, ROLE } from './helpers.js';

/**
 * The scheduler on a platform of the test's own: a manual clock and timers, a wake source, no window, document,
 * navigator, performance, storage, locks, channel or crypto. The real clocks are wrong on purpose (Date.now is
 * decades off), so any read of the environment outside the platform shows in the expiry and refresh times.
 */
function fakePlatform(start: number) {
  let t = start;
  let wake: ((cause: WakeCause) => void) | null = null;
  const timers = new Map<number, { at: number; fn: () => void }>();
  let ids = 0;
  const platform: Platform = {
    now: () => t,
    monotonic: () => t - start,
    setTimer(fn, ms) {
      const id = ++ids;
      timers.set(id, { at: t + Math.max(0, ms), fn });
      return id;
    },
    clearTimer: (id) => void timers.delete(id as number),
    watchWake(onWake) {
      wake = onWake;
      return () => {
        wake = null;
      };
    },
    watchPage: () => null,
    context: () => 'worker',
    storage: () => null,
    locks: () => null,
    channel: () => null,
    subtle: () => null,
  };
  return {
    platform,
    timers,
    wake: (cause: WakeCause) => wake?.(cause),
    /** Moves the clock by `ms`, firing every timer that falls due, in order. */
    async advance(ms: number) {
      const end = t + ms;
      for (;;) {
        const next = [...timers.entries()].sort((a, b) => a[1].at - b[1].at)[0];
        if (!next || next[1].at > end) break;
        timers.delete(next[0]);
        t = Math.max(t, next[1].at);
        next[1].fn();
        await new Promise((r) => setImmediate(r));
      }
      t = end;
      await new Promise((r) => setImmediate(r));
    },
  };
}

const T0 = Date.UTC(2030, 0, 1);
const HOUR = 3_600_000;

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('the scheduler on an injected platform (no window, document or navigator)', () => {
  it('exchanges, refreshes on the platform timers and clock, and wakes on the platform source', async () => {
    for (const name of ['window', 'document', 'navigator', 'performance', 'localStorage', 'BroadcastChannel'])
      vi.stubGlobal(name, undefined);
    vi.spyOn(Date, 'now').mockReturnValue(Date.UTC(1999, 0, 1)); // the environment's clock: wrong
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const fake = fakePlatform(T0);
    let calls = 0;
    const transport = {
      name: 'fake',
      assumeRoleWithWebIdentity: async () => {
        calls++;
        return freshResult(HOUR, fake.platform.now());
      },
    } as unknown as Transport;
    const events: CredentialsEvent[] = [];
    const token = jwt({ iat: Math.floor(T0 / 1000), exp: Math.floor(T0 / 1000) + 10 * HOUR });
    const client = createCredentialsClient({
      region: 'eu-west-1',
      source: webIdentity({ roleArn: ROLE }),
      getIdToken: () => token,
      transport,
      platform: fake.platform,
      onEvent: (e) => events.push(e),
    });
    await client.getCredentials();
    const first = client.getSnapshot();
    expect(first.status).toBe('ready');
    expect(first.expiresAt?.getTime()).toBe(T0 + HOUR);
    expect(first.refreshAt?.getTime()).toBe(T0 + HOUR - 5 * 60_000);
    expect(calls).toBe(1);
    expect(fake.timers.size).toBe(1); // the scheduler's one timer, on the platform

    await fake.advance(HOUR - 5 * 60_000 + 1);
    expect(calls).toBe(2);
    expect(client.getSnapshot().expiresAt?.getTime()).toBe(T0 + 2 * HOUR - 5 * 60_000);

    fake.wake('online');
    expect(events).toContainEqual({ type: 'wake', cause: 'online' });
    expect(fake.timers.size).toBe(1); // the wake-up's re-check replaced the timer, it did not add one
    client.dispose();
    expect(fake.timers.size).toBe(0);
  });

  it('a worker context shares nothing across tabs and needs no storage, locks, channel or crypto', async () => {
    const fake = fakePlatform(T0);
    const transport = {
      name: 'fake',
      assumeRoleWithWebIdentity: async () => freshResult(HOUR, fake.platform.now()),
    } as unknown as Transport;
    const channel = vi.fn(() => null);
    const client = createCredentialsClient({
      region: 'eu-west-1',
      source: webIdentity({ roleArn: ROLE }),
      getIdToken: () => jwt(),
      transport,
      platform: { ...fake.platform, channel },
    });
    await client.getCredentials();
    expect(client.getSnapshot().status).toBe('ready');
    client.signOut();
    // A worker still tells other contexts of a sign-out over its channel (the default name), when it has one.
    expect(channel).toHaveBeenCalledWith('web-identity');
    client.dispose();
  });
});
