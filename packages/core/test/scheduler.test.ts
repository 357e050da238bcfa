import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  type CreateCredentialsClientOptions,
  CredentialsError,
  type CredentialsErrorCode,
  type CredentialsSource,
  createCredentialsClient,
  webIdentity,
} from '../src/index.js';
import { fakeTransport, freshResult, jwt, ROLE } from './helpers.js';

const T0 = new Date('2026-01-01T00:00:00Z').getTime();
const MIN = 60_000;
const HOUR = 60 * MIN;

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(T0);
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

function setup(extra: Partial<CreateCredentialsClientOptions> = {}) {
  const fake = fakeTransport();
  const getIdToken = vi.fn(async (_o: { forceRefresh: boolean; signal: AbortSignal }) => jwt());
  const client = createCredentialsClient({
    region: 'eu-west-1',
    source: webIdentity({ roleArn: ROLE }),
    getIdToken,
    transport: fake.transport,
    ...extra,
  });
  return { client, fake, getIdToken };
}

const err = (code: CredentialsErrorCode) => new CredentialsError(code, `fake ${code}`);
const flush = () => vi.advanceTimersByTimeAsync(0);

async function ready(s: ReturnType<typeof setup>, lifetime = HOUR, serverNow?: number) {
  const p = s.client.getCredentials();
  await flush();
  const r = freshResult(lifetime, serverNow ?? Date.now());
  s.fake.next().resolve(r);
  await p;
  return r;
}

describe('refresh time', () => {
  it('refreshes at expiry − 5 min − jitter, jitter within [0, 10 % of the advisory window]', async () => {
    for (const [random, jitter] of [
      [0, 0],
      [0.999999, 0.1 * 5 * MIN],
    ] as const) {
      vi.spyOn(Math, 'random').mockReturnValue(random);
      const s = setup();
      await ready(s);
      const snap = s.client.getSnapshot();
      expect(snap.expiresAt?.getTime()).toBe(Date.now() + HOUR);
      const expected = Date.now() + HOUR - 5 * MIN - jitter;
      expect(Math.abs(snap.refreshAt!.getTime() - expected)).toBeLessThan(1);
      s.client.dispose();
    }
  });

  it('starts exactly one background refresh at refreshAt and keeps serving the old keys meanwhile', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const s = setup();
    const first = await ready(s);
    const refreshAt = s.client.getSnapshot().refreshAt!.getTime();
    await vi.advanceTimersByTimeAsync(refreshAt - Date.now() - 1);
    expect(s.fake.calls).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(s.fake.calls).toBe(2);
    expect(s.client.getSnapshot().status).toBe('refreshing');
    expect((await s.client.getCredentials()).secretAccessKey).toBe(first.secretAccessKey);
    const second = freshResult();
    s.fake.next().resolve(second);
    await flush();
    expect(s.client.getSnapshot().status).toBe('ready');
    expect(s.client.getSnapshot().credentials?.secretAccessKey).toBe(second.secretAccessKey);
    expect(s.client.getSnapshot().exchangeCount).toBe(2);
  });

  it('uses lifetime/2 and lifetime/4 for short lifetimes, so no refresh loop is possible', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const s = setup();
    await ready(s, 2 * MIN);
    // advisory = min(5 min, 60 s) = 60 s; mandatory = min(60 s, 30 s) = 30 s
    expect(s.client.getSnapshot().refreshAt!.getTime()).toBe(Date.now() + MIN);
    // Within the lifetime, only one refresh per half-lifetime: run 10 minutes, each exchange answering 2 min.
    let exchanges = 1;
    for (let i = 0; i < 20; i++) {
      await vi.advanceTimersByTimeAsync(30_000);
      while (s.fake.pending.length) {
        s.fake.next().resolve(freshResult(2 * MIN));
        exchanges++;
        await flush();
      }
    }
    // 10 minutes at one exchange per minute: about 10, never a loop.
    expect(exchanges).toBeGreaterThanOrEqual(10);
    expect(exchanges).toBeLessThanOrEqual(12);
    expect(s.client.getSnapshot().status).toBe('ready');
  });
});

describe('advisory and mandatory windows', () => {
  it('a failed advisory refresh keeps serving still-valid keys and retries with backoff', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const s = setup();
    const first = await ready(s);
    await vi.advanceTimersByTimeAsync(s.client.getSnapshot().refreshAt!.getTime() - Date.now());
    expect(s.fake.calls).toBe(2);
    s.fake.next().reject(err('Throttled'));
    await flush();
    const snap = s.client.getSnapshot();
    expect(snap.status).toBe('ready');
    expect(snap.error?.code).toBe('Throttled');
    expect(snap.error?.retryable).toBe(true);
    expect(snap.refreshAt).toEqual(snap.error?.retryAt);
    const c = await s.client.getCredentials();
    expect(c.secretAccessKey).toBe(first.secretAccessKey);
    expect(s.fake.calls).toBe(2);
  });

  it('inside the mandatory window getCredentials() waits for a fresh exchange, and rejects if it fails', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const s = setup({ refreshBeforeExpiryMs: 5 * MIN });
    await ready(s);
    // Halt background refresh with a non-retryable failure during the advisory window.
    await vi.advanceTimersByTimeAsync(HOUR - 5 * MIN);
    s.fake.next().reject(err('AccessDenied'));
    await flush();
    expect(s.client.getSnapshot().status).toBe('ready');
    // Mandatory window: less than a minute left.
    await vi.advanceTimersByTimeAsync(4 * MIN + 1);
    expect(s.client.getSnapshot().credentials).not.toBeNull();
    await expect(s.client.getCredentials()).rejects.toMatchObject({ code: 'AccessDenied' });
    // After refresh() (user fixed things) a caller inside the window waits for the exchange.
    const p = s.client.refresh();
    const waiting = s.client.getCredentials();
    await flush();
    const next = freshResult();
    s.fake.next().resolve(next);
    expect((await waiting).secretAccessKey).toBe(next.secretAccessKey);
    await p;
  });

  it('a caller inside the mandatory window waits for the exchange and gets its error when it fails', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const s = setup({ refreshBeforeExpiryMs: MIN, minValidityMs: MIN });
    await ready(s);
    await vi.setSystemTime(Date.now() + HOUR - 30_000); // inside the mandatory window, no timer fired
    const p = s.client.getCredentials();
    await flush();
    expect(s.fake.calls).toBe(2);
    s.fake.next().reject(err('ServerError'));
    await expect(p).rejects.toMatchObject({ code: 'ServerError', retryable: true });
  });

  it('inside the mandatory window while backing off, a caller waits for the next scheduled attempt (no extra call)', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const s = setup({ refreshBeforeExpiryMs: 5 * MIN, minValidityMs: MIN });
    const first = await ready(s);
    // The advisory refresh fails twice with a retryable error: backing off, keys still valid.
    await vi.advanceTimersByTimeAsync(s.client.getSnapshot().refreshAt!.getTime() - Date.now());
    s.fake.next().reject(err('Throttled'));
    await flush();
    // Move to 30 s before expiry without any timer firing (a throttled tab), then plan a retry 10 s ahead.
    vi.setSystemTime(first.expiration.getTime() - 30_000);
    const retryAt = s.client.getSnapshot().refreshAt!.getTime();
    expect(retryAt).toBeLessThan(Date.now());
    const calls = s.fake.calls;
    const p = s.client.getCredentials();
    await flush();
    // The retry was already due: the caller triggers it (still one call, never a second one).
    expect(s.fake.calls).toBe(calls + 1);
    s.fake.next().reject(err('Throttled'));
    await expect(p).rejects.toMatchObject({ code: 'Throttled' });
    const next = s.client.getSnapshot().refreshAt!.getTime();
    expect(next).toBeGreaterThan(Date.now());
    expect(next).toBeLessThan(first.expiration.getTime());
    // Now backing off with the next attempt before expiry: callers wait for it instead of failing at once.
    const waiting = [s.client.getCredentials(), s.client.getCredentials()];
    let settled = false;
    void Promise.allSettled(waiting).then(() => {
      settled = true;
    });
    await flush();
    expect(settled).toBe(false);
    expect(s.fake.calls).toBe(calls + 1);
    await vi.advanceTimersByTimeAsync(next - Date.now());
    expect(s.fake.calls).toBe(calls + 2);
    const fresh = freshResult();
    s.fake.next().resolve(fresh);
    for (const w of waiting) expect((await w).secretAccessKey).toBe(fresh.secretAccessKey);
  });

  it("inside the mandatory window while backing off, callers get the attempt's error, or fail at once when it comes after expiry", async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.999999);
    const s = setup({ refreshBeforeExpiryMs: 5 * MIN, minValidityMs: MIN });
    const first = await ready(s);
    const expiry = first.expiration.getTime();
    await vi.advanceTimersByTimeAsync(s.client.getSnapshot().refreshAt!.getTime() - Date.now());
    s.fake.next().reject(err('ServerError'));
    await flush();
    // 50 s left, the retry overdue (no timer fired): the caller starts it and waits for it.
    vi.setSystemTime(expiry - 50_000);
    const overdue = s.client.getCredentials();
    await flush();
    s.fake.next().reject(err('Throttled'));
    await expect(overdue).rejects.toMatchObject({ code: 'Throttled' });
    // Backing off, next attempt before expiry: the caller waits for it and gets its error.
    const next = s.client.getSnapshot().refreshAt!.getTime();
    expect(next).toBeGreaterThan(Date.now());
    expect(next).toBeLessThan(expiry);
    const waiting = s.client.getCredentials();
    await vi.advanceTimersByTimeAsync(next - Date.now());
    s.fake.next().reject(err('Throttled'));
    await expect(waiting).rejects.toMatchObject({ code: 'Throttled', retryable: true });
    // 3 s left; the next failure backs off about 8 s: after expiry, so callers are refused at once.
    vi.setSystemTime(expiry - 3_000);
    const last = s.client.getCredentials();
    await flush();
    s.fake.next().reject(err('Throttled'));
    await expect(last).rejects.toMatchObject({ code: 'Throttled' });
    expect(s.client.getSnapshot().refreshAt!.getTime()).toBeGreaterThan(expiry);
    const calls = s.fake.calls;
    await expect(s.client.getCredentials()).rejects.toMatchObject({ code: 'Throttled' });
    expect(s.fake.calls).toBe(calls);
  });

  it('while backing off with no usable keys, callers are rejected at once and do not bypass the backoff', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.999999);
    const s = setup();
    const p = s.client.getCredentials();
    await flush();
    s.fake.next().reject(err('Throttled'));
    await expect(p).rejects.toMatchObject({ code: 'Throttled' });
    const e = await s.client.getCredentials().catch((x) => x);
    expect(e.code).toBe('Throttled');
    expect(e.retryAt).toBeInstanceOf(Date);
    expect(s.fake.calls).toBe(1);
    expect(s.client.getSnapshot().status).toBe('error');
    await vi.advanceTimersByTimeAsync(1000);
    expect(s.fake.calls).toBe(2);
  });
});

describe('backoff', () => {
  it('doubles from 1 s to a 60 s cap with full jitter', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.999999);
    const s = setup();
    s.client.getCredentials().catch(() => {});
    await flush();
    const delays: number[] = [];
    for (let i = 0; i < 9; i++) {
      s.fake.next().reject(err(i % 2 ? 'ServerError' : 'Network'));
      await flush();
      const retryAt = s.client.getSnapshot().refreshAt!.getTime();
      delays.push(Math.round((retryAt - Date.now()) / 1000));
      await vi.advanceTimersByTimeAsync(Math.ceil(retryAt - Date.now()));
      expect(s.fake.pending.length).toBe(1);
    }
    expect(delays).toEqual([1, 2, 4, 8, 16, 32, 60, 60, 60]);
  });

  it('full jitter: a retry can come any time in [0, cap]', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.25);
    const s = setup();
    s.client.getCredentials().catch(() => {});
    await flush();
    s.fake.next().reject(err('Throttled'));
    await vi.advanceTimersByTimeAsync(250);
    s.fake.next().reject(err('Throttled'));
    await flush();
    expect(s.client.getSnapshot().refreshAt!.getTime() - Date.now()).toBe(500);
  });

  it('a success resets the backoff', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.999999);
    const s = setup();
    s.client.getCredentials().catch(() => {});
    await flush();
    s.fake.next().reject(err('Throttled'));
    await vi.advanceTimersByTimeAsync(1000);
    s.fake.next().reject(err('Throttled'));
    await vi.advanceTimersByTimeAsync(2000);
    s.fake.next().resolve(freshResult());
    await flush();
    expect(s.client.getSnapshot().error).toBeNull();
    await vi.setSystemTime(Date.now() + HOUR - 30_000);
    s.client.getCredentials().catch(() => {});
    await flush();
    s.fake.next().reject(err('Throttled'));
    await flush();
    expect(Math.round((s.client.getSnapshot().refreshAt!.getTime() - Date.now()) / 1000)).toBe(1);
  });
});

describe('clock skew', () => {
  for (const skew of [15 * MIN, -15 * MIN]) {
    it(`takes the offset from the Date header (${skew > 0 ? '+' : '−'}15 min)`, async () => {
      vi.spyOn(Math, 'random').mockReturnValue(0);
      const s = setup();
      await ready(s, HOUR, Date.now() + skew);
      const snap = s.client.getSnapshot();
      expect(snap.expiresAt!.getTime()).toBe(Date.now() + HOUR);
      expect(snap.credentials!.expiration.getTime()).toBe(Date.now() + HOUR);
      expect(snap.refreshAt!.getTime()).toBe(Date.now() + 55 * MIN);
      // No loop: nothing happens until the refresh time.
      await vi.advanceTimersByTimeAsync(54 * MIN);
      expect(s.fake.calls).toBe(1);
      await vi.advanceTimersByTimeAsync(MIN);
      expect(s.fake.calls).toBe(2);
    });
  }

  it('without a readable Date header measures the granted duration from when the request was sent', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const s = setup();
    const p = s.client.getCredentials();
    await flush();
    const sent = Date.now();
    await vi.advanceTimersByTimeAsync(2000); // slow response
    const r = { ...freshResult(HOUR, Date.now() - 15 * MIN), serverDate: undefined, durationSeconds: 3600 };
    s.fake.next().resolve(r);
    await p;
    // The client clock is 15 min ahead of AWS: Expiration looks 45 min away, the grant says 60 min from send.
    expect(s.client.getSnapshot().expiresAt!.getTime()).toBe(r.expiration.getTime());
    s.client.dispose();
    const s2 = setup();
    const p2 = s2.client.getCredentials();
    await flush();
    const sent2 = Date.now();
    await vi.advanceTimersByTimeAsync(2000);
    // Client clock 15 min behind: Expiration looks 75 min away; never trust more than the grant.
    s2.fake
      .next()
      .resolve({ ...freshResult(HOUR, Date.now() + 15 * MIN), serverDate: undefined, durationSeconds: 3600 });
    await p2;
    expect(s2.client.getSnapshot().expiresAt!.getTime()).toBe(sent2 + HOUR);
    expect(sent).toBeLessThan(sent2);
  });
});

describe('device clock set after the exchange', () => {
  it('set back 15 min: keys are never handed out past their AWS expiry, the refresh comes on time, no loop', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const s = setup();
    await ready(s);
    // Real time is measured by the monotonic clock, which fake timers move and setSystemTime does not.
    const issued = performance.now();
    const elapsed = () => performance.now() - issued;
    const first = s.client.getSnapshot().credentials!;
    vi.setSystemTime(Date.now() - 15 * MIN); // NTP correction / the user sets the clock back
    expect(performance.now()).toBe(issued);
    // Exposed dates follow the local clock: still one hour left, as AWS sees it.
    expect(first.expiration.getTime()).toBe(Date.now() + HOUR);
    await vi.advanceTimersByTimeAsync(30 * MIN);
    expect(s.client.getSnapshot().expiresAt!.getTime()).toBe(Date.now() + 30 * MIN);
    expect(s.client.getSnapshot().refreshAt!.getTime()).toBe(Date.now() + 25 * MIN);
    // The advisory refresh at 55 min of real time, not 15 min later.
    await vi.advanceTimersByTimeAsync(25 * MIN - 1);
    expect(s.fake.calls).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(s.fake.calls).toBe(2);
    expect(elapsed()).toBe(55 * MIN);
    // It fails for good: the old keys are served while AWS accepts them, and not a moment longer.
    s.fake.next().reject(err('AccessDenied'));
    await flush();
    expect((await s.client.getCredentials()).accessKeyId).toBe(first.accessKeyId);
    await vi.advanceTimersByTimeAsync(4 * MIN + 30_000); // 30 s left at AWS: mandatory window
    await expect(s.client.getCredentials()).rejects.toMatchObject({ code: 'AccessDenied' });
    expect(s.client.getSnapshot().credentials?.accessKeyId).toBe(first.accessKeyId);
    await vi.advanceTimersByTimeAsync(30_000 - 1);
    expect(s.client.getSnapshot().credentials).not.toBeNull();
    await vi.advanceTimersByTimeAsync(1);
    expect(elapsed()).toBe(HOUR);
    expect(s.client.getSnapshot().credentials).toBeNull();
    expect(s.client.getSnapshot().status).toBe('error');
    await expect(s.client.provider()).rejects.toMatchObject({ code: 'AccessDenied' });
    // Once things work again: one exchange per 55 min of real time, AWS's clock now 15 min ahead of ours.
    const r = s.client.refresh();
    await flush();
    s.fake.next().resolve(freshResult(HOUR, Date.now() + 15 * MIN));
    await r;
    const calls = s.fake.calls;
    for (let i = 0; i < 3 * 60; i++) {
      await vi.advanceTimersByTimeAsync(MIN);
      while (s.fake.pending.length) s.fake.next().resolve(freshResult(HOUR, Date.now() + 15 * MIN));
      const c = s.client.getSnapshot().credentials;
      expect(c).not.toBeNull();
      expect(c!.expiration.getTime()).toBeGreaterThan(Date.now() + 4 * MIN);
    }
    expect(s.fake.calls - calls).toBe(3); // at 55, 110 and 165 min
  });

  it('set back 15 min where performance.now() does not move: the client timers measure real time', async () => {
    vi.useRealTimers();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: T0 }); // performance.now() stays real
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const s = setup();
    const first = await ready(s);
    let real = 0; // fake milliseconds that went by
    const pass = async (ms: number) => {
      await vi.advanceTimersByTimeAsync(ms);
      real += ms;
    };
    await pass(30 * MIN);
    vi.setSystemTime(Date.now() - 15 * MIN);
    await pass(25 * MIN - 1);
    expect(s.fake.calls).toBe(1);
    await pass(1);
    expect(s.fake.calls).toBe(2);
    s.fake.next().reject(err('AccessDenied'));
    await pass(5 * MIN - 1);
    expect(s.client.getSnapshot().credentials?.accessKeyId).toBe(first.accessKeyId);
    await pass(1);
    expect(real).toBe(HOUR);
    expect(s.client.getSnapshot().credentials).toBeNull();
    await expect(s.client.getCredentials()).rejects.toMatchObject({ code: 'AccessDenied' });
  });

  it('set back while the exchange is in flight (no Date header): the grant is measured in real time', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const s = setup();
    const p = s.client.getCredentials();
    await flush();
    const sent = performance.now();
    await vi.advanceTimersByTimeAsync(2000);
    vi.setSystemTime(Date.now() - 15 * MIN);
    s.fake
      .next()
      .resolve({ ...freshResult(HOUR, Date.now() + 15 * MIN), serverDate: undefined, durationSeconds: 3600 });
    const creds = await p;
    expect(creds.expiration.getTime()).toBe(Date.now() + HOUR - 2000);
    await vi.advanceTimersByTimeAsync(HOUR - 2000 - 1);
    expect(s.client.getSnapshot().credentials).not.toBeNull();
    s.fake.pending.length = 0; // the refresh never answers
    await vi.advanceTimersByTimeAsync(1);
    expect(performance.now() - sent).toBe(HOUR);
    expect(s.client.getSnapshot().credentials).toBeNull();
  });

  it('wall clock 2 h ahead after sleep while the monotonic clock stood still: expired, refreshed at once', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const s = setup();
    const first = await ready(s);
    await vi.advanceTimersByTimeAsync(10 * MIN);
    const mono = performance.now();
    vi.setSystemTime(Date.now() + 2 * HOUR); // performance.now() pauses during suspend in some browsers
    expect(performance.now()).toBe(mono);
    expect(s.client.getSnapshot().credentials).toBeNull();
    const p = s.client.getCredentials();
    await Promise.resolve().then(() => {}); // no timer needed: only the microtasks of the exchange
    await Promise.resolve();
    expect(s.fake.calls).toBe(2);
    const next = freshResult();
    s.fake.next().resolve(next);
    const c = await p;
    expect(c.accessKeyId).toBe(next.accessKeyId);
    expect(c.accessKeyId).not.toBe(first.accessKeyId);
    expect(s.client.getSnapshot().expiresAt!.getTime()).toBe(Date.now() + HOUR);
  });

  it('wall clock ahead after sleep: a subscribed client refreshes on its next timer without any call', async () => {
    const s = setup();
    await ready(s);
    s.client.subscribe(() => {});
    vi.setSystemTime(Date.now() + 2 * HOUR);
    await vi.advanceTimersByTimeAsync(30_000); // the heartbeat timer, late by the whole sleep
    expect(s.fake.calls).toBe(2);
    expect(s.client.getSnapshot().status).toBe('loading');
  });
});

describe('wake-ups', () => {
  it('after sleep (wall clock jumps 2 h, no timer fired) credentials are null at once and a refresh starts', async () => {
    const s = setup();
    await ready(s);
    const seen: (string | null)[] = [];
    s.client.subscribe((snap) => seen.push(snap.credentials ? 'creds' : null));
    vi.setSystemTime(Date.now() + 2 * HOUR);
    expect(s.client.getSnapshot().credentials).toBeNull();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(s.fake.calls).toBe(2);
    expect(seen).toContain(null);
    expect(s.client.getSnapshot().status).toBe('loading');
  });

  it('re-checks at once on visibilitychange, focus, pageshow and online; listeners only during a session', async () => {
    const win = new EventTarget();
    const doc = Object.assign(new EventTarget(), { visibilityState: 'visible' });
    vi.stubGlobal('addEventListener', (t: string, f: () => void) => win.addEventListener(t, f));
    vi.stubGlobal('removeEventListener', (t: string, f: () => void) => win.removeEventListener(t, f));
    vi.stubGlobal('document', doc);
    const add = vi.spyOn(win, 'addEventListener');
    const s = setup({ broadcastChannel: false });
    expect(add).not.toHaveBeenCalled();
    await ready(s);
    expect(add.mock.calls.map((c) => c[0]).sort()).toEqual(['focus', 'online', 'pageshow']);

    for (const [i, fire] of [
      () => doc.dispatchEvent(new Event('visibilitychange')),
      () => win.dispatchEvent(new Event('focus')),
      () => win.dispatchEvent(new Event('pageshow')),
    ].entries()) {
      vi.setSystemTime(Date.now() + 58 * MIN); // timers throttled: none fired
      expect(s.fake.calls).toBe(1 + i);
      fire();
      await Promise.resolve().then(() => {}); // no timer: only the microtasks of the exchange
      await Promise.resolve();
      expect(s.fake.calls).toBe(2 + i);
      s.fake.next().resolve(freshResult());
      await flush();
    }

    // online: a Network backoff retries at once instead of waiting.
    vi.spyOn(Math, 'random').mockReturnValue(0.999999);
    s.client.signOut();
    s.client.getCredentials().catch(() => {});
    await flush();
    s.fake.next().reject(err('Network'));
    await flush();
    const calls = s.fake.calls;
    win.dispatchEvent(new Event('online'));
    await Promise.resolve();
    await Promise.resolve();
    expect(s.fake.calls).toBe(calls + 1);
    const remove = vi.spyOn(win, 'removeEventListener');
    s.client.signOut();
    s.client.signOut();
    win.dispatchEvent(new Event('online'));
    doc.dispatchEvent(new Event('visibilitychange'));
    expect(s.fake.calls).toBe(calls + 1);
    expect(remove).toHaveBeenCalled();
  });

  it('does not refresh from a hidden tab event', async () => {
    const doc = Object.assign(new EventTarget(), { visibilityState: 'hidden' });
    vi.stubGlobal('document', doc);
    const s = setup({ broadcastChannel: false });
    await ready(s);
    vi.setSystemTime(Date.now() + 58 * MIN);
    doc.dispatchEvent(new Event('visibilitychange'));
    expect(s.fake.calls).toBe(1);
  });
});

describe('single flight and sessions', () => {
  it('never has more than one exchange in flight', async () => {
    const s = setup();
    for (let i = 0; i < 50; i++) {
      s.client.getCredentials().catch(() => {});
      s.client.refresh().catch(() => {});
      s.client.provider().catch(() => {});
    }
    await flush();
    expect(s.fake.maxInFlight).toBe(1);
  });

  it('the first subscribe() starts the session; after signOut subscribers alone do not restart it', async () => {
    const s = setup();
    const l = vi.fn();
    const off = s.client.subscribe(l);
    expect(s.client.getSnapshot().status).toBe('loading');
    await flush();
    s.fake.next().resolve(freshResult());
    await flush();
    expect(l).toHaveBeenLastCalledWith(s.client.getSnapshot());
    expect(s.client.getSnapshot().status).toBe('ready');
    s.client.signOut();
    off();
    s.client.subscribe(vi.fn());
    await flush();
    expect(s.fake.calls).toBe(1);
    expect(s.client.getSnapshot().status).toBe('signed-out');
  });

  it('getIdToken returning null means signed out: NoIdentityToken, no STS call', async () => {
    const s = setup({ getIdToken: async () => null });
    await expect(s.client.getCredentials()).rejects.toMatchObject({
      code: 'NoIdentityToken',
      retryable: false,
    });
    expect(s.fake.calls).toBe(0);
    expect(s.client.getSnapshot().status).toBe('signed-out');
  });

  it('what getIdToken throws is NoIdentityToken; a plain error thrown elsewhere in the exchange is Configuration', async () => {
    const s = setup({
      getIdToken: async () => {
        throw new TypeError('session storage unavailable');
      },
    });
    await expect(s.client.getCredentials()).rejects.toMatchObject({
      code: 'NoIdentityToken',
      message: expect.stringContaining('getIdToken() threw (TypeError: session storage unavailable)'),
    });
    const broken: CredentialsSource = {
      kind: 'broken',
      exchange: async () => {
        throw new ReferenceError('TextDecoder is not defined');
      },
    };
    const t = setup({ source: broken });
    const err = await t.client.getCredentials().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'Configuration', retryable: false });
    expect(String((err as Error).message)).toContain('outside getIdToken()');
    expect(String((err as Error).message)).toContain('ReferenceError: TextDecoder is not defined');
  });

  it('snapshots are frozen, the same object until something changes, and getSnapshot works unbound', async () => {
    const s = setup();
    const { getSnapshot } = s.client;
    const a = getSnapshot();
    expect(getSnapshot()).toBe(a);
    await ready(s);
    const b = getSnapshot();
    expect(b).not.toBe(a);
    expect(Object.isFrozen(b)).toBe(true);
    expect(Object.isFrozen(b.credentials)).toBe(true);
    await vi.advanceTimersByTimeAsync(10 * MIN);
    expect(getSnapshot()).toBe(b);
  });

  it('credentials become null at expiry even if nothing else happens', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const s = setup();
    await ready(s);
    await vi.advanceTimersByTimeAsync(55 * MIN);
    s.fake.next().reject(err('AccessDenied')); // final: no more attempts
    await flush();
    const l = vi.fn();
    s.client.subscribe(l);
    await vi.advanceTimersByTimeAsync(5 * MIN - 1);
    expect(s.client.getSnapshot().credentials).not.toBeNull();
    await vi.advanceTimersByTimeAsync(1);
    expect(s.client.getSnapshot().credentials).toBeNull();
    expect(s.client.getSnapshot().status).toBe('error');
    expect(l).toHaveBeenLastCalledWith(expect.objectContaining({ credentials: null, status: 'error' }));
  });

  it('provider() returns credentials with expiration for the AWS SDK', async () => {
    const s = setup();
    const p = s.client.provider();
    await flush();
    s.fake.next().resolve(freshResult());
    const id = await p;
    expect(id.expiration).toBeInstanceOf(Date);
    expect(Object.keys(id).sort()).toEqual(['accessKeyId', 'expiration', 'secretAccessKey', 'sessionToken']);
  });

  it('dispose() stops everything and later calls reject', async () => {
    const s = setup();
    await ready(s);
    s.client.dispose();
    expect(s.client.getSnapshot().status).toBe('signed-out');
    await vi.advanceTimersByTimeAsync(2 * HOUR);
    expect(s.fake.calls).toBe(1);
    await expect(s.client.getCredentials()).rejects.toMatchObject({ code: 'Aborted' });
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('identity errors', () => {
  for (const code of ['InvalidIdentityToken', 'ExpiredIdentityToken'] as const) {
    it(`${code}: forces one token refresh and retries once`, async () => {
      const s = setup();
      const p = s.client.getCredentials();
      await flush();
      s.fake.next().reject(err(code));
      await flush();
      expect(s.getIdToken).toHaveBeenLastCalledWith(expect.objectContaining({ forceRefresh: true }));
      s.fake.next().resolve(freshResult());
      await expect(p).resolves.toBeDefined();
      expect(s.getIdToken).toHaveBeenCalledTimes(2);
    });

    it(`${code} twice is final until refresh()`, async () => {
      const s = setup();
      const p = s.client.getCredentials();
      await flush();
      s.fake.next().reject(err(code));
      await flush();
      s.fake.next().reject(err(code));
      await expect(p).rejects.toMatchObject({ code, retryable: false });
      expect(s.client.getSnapshot().status).toBe('error');
      expect(s.client.getSnapshot().refreshAt).toBeNull();
      await vi.advanceTimersByTimeAsync(HOUR);
      expect(s.fake.calls).toBe(2);
      await expect(s.client.getCredentials()).rejects.toMatchObject({ code });
      expect(s.fake.calls).toBe(2);
      const r = s.client.refresh();
      await flush();
      s.fake.next().resolve(freshResult());
      await r;
      expect(s.client.getSnapshot().error).toBeNull();
    });
  }

  it('an expired ID token is refreshed locally first (forceRefresh once), without sending it to STS', async () => {
    const expired = jwt({ exp: Math.floor(Date.now() / 1000) - 10 });
    const fresh = jwt();
    const getIdToken = vi.fn(async ({ forceRefresh }: { forceRefresh: boolean }) =>
      forceRefresh ? fresh : expired,
    );
    const s = setup({ getIdToken });
    const p = s.client.getCredentials();
    await flush();
    expect(s.fake.calls).toBe(1);
    expect(s.fake.pending[0]!.input.webIdentityToken).toBe(fresh);
    s.fake.next().resolve(freshResult());
    await p;
    expect(getIdToken).toHaveBeenCalledTimes(2);
  });

  it.each([
    ['token_use: access', jwt({ token_use: 'access' })],
    ['typ at+jwt', jwt({}, { alg: 'RS256', typ: 'at+jwt' })],
    ['no aud', jwt({ aud: undefined })],
    ['no iat', jwt({ iat: undefined })],
    ['opaque', 'abc123opaque'],
  ])('NotAnIdToken (%s): no forced refresh, no STS call', async (_n, token) => {
    const getIdToken = vi.fn(async () => token);
    const s = setup({ getIdToken });
    await expect(s.client.getCredentials()).rejects.toMatchObject({ code: 'NotAnIdToken', retryable: false });
    expect(getIdToken).toHaveBeenCalledTimes(1);
    expect(s.fake.calls).toBe(0);
  });
});

describe('signOut wins every race', () => {
  it('while getIdToken is pending', async () => {
    let release!: (t: string) => void;
    let signal!: AbortSignal;
    const s = setup({
      getIdToken: (o) => {
        signal = o.signal;
        return new Promise<string>((r) => {
          release = r;
        });
      },
    });
    const p = s.client.getCredentials();
    await flush();
    s.client.signOut();
    await expect(p).rejects.toMatchObject({ code: 'Aborted' });
    expect(signal.aborted).toBe(true);
    release(jwt());
    await flush();
    expect(s.fake.calls).toBe(0);
    expect(s.client.getSnapshot().status).toBe('signed-out');
  });

  it('while the STS call is pending (the signal reaches the transport; a late result is dropped)', async () => {
    const s = setup();
    const p = s.client.getCredentials();
    await flush();
    const call = s.fake.pending[0]!;
    s.client.signOut();
    await expect(p).rejects.toMatchObject({ code: 'Aborted' });
    expect(call.signal.aborted).toBe(true);
    call.resolve(freshResult());
    await flush();
    expect(s.client.getSnapshot()).toMatchObject({
      status: 'signed-out',
      credentials: null,
      exchangeCount: 0,
    });
  });

  it('while the forced token refresh is pending', async () => {
    let release!: (t: string) => void;
    const getIdToken = vi.fn(({ forceRefresh }: { forceRefresh: boolean }) =>
      forceRefresh
        ? new Promise<string>((r) => {
            release = r;
          })
        : jwt(),
    );
    const s = setup({ getIdToken });
    const p = s.client.getCredentials();
    await flush();
    s.fake.next().reject(err('InvalidIdentityToken'));
    await flush();
    s.client.signOut();
    await expect(p).rejects.toMatchObject({ code: 'Aborted' });
    release(jwt());
    await flush();
    expect(s.fake.calls).toBe(1);
    expect(s.client.getSnapshot().status).toBe('signed-out');
  });

  it('while a background refresh is in flight, and the next getCredentials() starts a new session', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const s = setup();
    await ready(s);
    await vi.advanceTimersByTimeAsync(55 * MIN);
    const call = s.fake.next();
    s.client.signOut();
    call.resolve(freshResult());
    await flush();
    expect(s.client.getSnapshot().credentials).toBeNull();
    expect(vi.getTimerCount()).toBe(0);
    const p = s.client.getCredentials();
    await flush();
    const r = freshResult();
    s.fake.next().resolve(r);
    expect((await p).secretAccessKey).toBe(r.secretAccessKey);
  });

  it('tells other tabs through BroadcastChannel', async () => {
    vi.useRealTimers();
    const name = `wi-test-${Math.random()}`;
    const a = setup({ broadcastChannel: name });
    const b = setup({ broadcastChannel: name });
    const pb = b.client.getCredentials();
    await new Promise((r) => setTimeout(r, 0));
    b.fake.next().resolve(freshResult());
    await pb;
    const signedOut = new Promise<void>((resolve) =>
      b.client.subscribe((snap) => snap.status === 'signed-out' && resolve()),
    );
    a.client.signOut();
    await signedOut;
    expect(b.client.getSnapshot().credentials).toBeNull();
    b.client.dispose();
    a.client.dispose();
  });
});

describe('secrets', () => {
  it('never appear in JSON, inspect, String(), error messages or console output', async () => {
    const consoleCalls: unknown[][] = [];
    for (const m of ['log', 'warn', 'error', 'info', 'debug'] as const) {
      vi.spyOn(console, m).mockImplementation((...args: unknown[]) => {
        consoleCalls.push(args);
      });
    }
    const token = jwt({ sub: 'secret-subject-claims' });
    const s = setup({ getIdToken: async () => token });
    const p = s.client.getCredentials();
    await flush();
    const r = freshResult();
    s.fake.next().resolve(r);
    const creds = await p;
    // a failing refresh to get an error into the snapshot
    const q = s.client.refresh();
    await flush();
    s.fake.next().reject(new CredentialsError('ServerError', 'boom', { cause: new Error('x') }));
    await q.catch(() => {});
    const snap = s.client.getSnapshot();
    const printed = [
      JSON.stringify(snap),
      inspect(snap, { depth: 20 }),
      inspect(creds),
      String(creds),
      `${creds}`,
      JSON.stringify(creds),
      snap.error?.message ?? '',
      inspect(snap.error, { depth: 20 }),
      inspect(consoleCalls, { depth: 20 }),
    ].join('\n');
    for (const secret of [r.secretAccessKey, r.sessionToken, token]) expect(printed).not.toContain(secret);
    // Fields stay readable for the SDK.
    expect(creds.secretAccessKey).toBe(r.secretAccessKey);
    expect(creds.sessionToken).toBe(r.sessionToken);
    expect(JSON.parse(JSON.stringify(creds))).toMatchObject({ accessKeyId: expect.stringMatching(/^ASIA…/) });
  });

  it('writes nothing to storage and touches no window when created on a server', () => {
    const client = createCredentialsClient({
      region: 'eu-west-1',
      source: webIdentity({ roleArn: ROLE }),
      getIdToken: () => null,
    });
    expect(client.getSnapshot().status).toBe('signed-out');
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('configuration', () => {
  it.each([
    [() => webIdentity({ roleArn: 'arn:aws:iam::123:role/x' })],
    [() => webIdentity({ roleArn: ROLE, durationSeconds: 899 })],
    [() => webIdentity({ roleArn: ROLE, durationSeconds: 43201 })],
    [() => webIdentity({ roleArn: ROLE, region: 'mars-1' })],
    [
      () =>
        createCredentialsClient({
          region: 'nowhere',
          source: webIdentity({ roleArn: ROLE }),
          getIdToken: () => null,
        }),
    ],
  ])('throws Configuration at construction (%#)', (make) => {
    expect(make).toThrow(expect.objectContaining({ code: 'Configuration' }));
  });

  it('sanitises the role session name and defaults it to the subject', async () => {
    const s = setup({ source: webIdentity({ roleArn: ROLE, roleSessionName: (c) => `user ${c.sub}/!é` }) });
    s.client.getCredentials().catch(() => {});
    await flush();
    expect(s.fake.pending[0]!.input.roleSessionName).toBe('user-alice---');
    const d = setup();
    d.client.getCredentials().catch(() => {});
    await flush();
    expect(d.fake.pending[0]!.input.roleSessionName).toBe('alice');
  });
});

describe('after signOut', () => {
  it('credentials handed out earlier read as expired, so SDK identity caches drop them', async () => {
    const s = setup();
    await ready(s);
    const creds = await s.client.provider();
    expect(creds.expiration!.getTime()).toBeGreaterThan(Date.now());
    s.client.signOut();
    expect(creds.expiration!.getTime()).toBe(0);
    expect(creds.accessKeyId).toMatch(/^ASIA/);
  });
});

describe('Node timers', () => {
  it('never keep the process alive (unref)', async () => {
    vi.useRealTimers();
    const count = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const before = count();
    const s = setup();
    const p = s.client.getCredentials();
    await new Promise((r) => setImmediate(r));
    s.fake.next().resolve(freshResult());
    await p;
    expect(s.client.getSnapshot().refreshAt).not.toBeNull(); // a timer is armed
    expect(count()).toBe(before);
    s.client.dispose();
  });
});

describe('events', () => {
  it('signed-out says why: this tab, another tab, no token, dispose; a session never started says nothing', async () => {
    vi.useRealTimers();
    const name = `wi-events-${Math.random()}`;
    const seen = { a: [] as string[], b: [] as string[] };
    const a = setup({
      broadcastChannel: name,
      onEvent: (e) => e.type === 'signed-out' && seen.a.push(e.reason),
    });
    const b = setup({
      broadcastChannel: name,
      onEvent: (e) => e.type === 'signed-out' && seen.b.push(e.reason),
    });
    const pb = b.client.getCredentials();
    await new Promise((r) => setTimeout(r, 0));
    b.fake.next().resolve(freshResult());
    await pb;
    const signedOut = new Promise<void>((resolve) =>
      b.client.subscribe((snap) => snap.status === 'signed-out' && resolve()),
    );
    a.client.signOut();
    await signedOut;
    expect(seen).toEqual({ a: ['sign-out'], b: ['other-tab'] });

    const reasons: string[] = [];
    const c = setup({
      getIdToken: async () => null,
      onEvent: (e) => e.type === 'signed-out' && reasons.push(e.reason),
    });
    await expect(c.client.getCredentials()).rejects.toMatchObject({ code: 'NoIdentityToken' });
    const d = setup({ onEvent: (e) => e.type === 'signed-out' && reasons.push(e.reason) });
    d.client.dispose(); // never started: nothing to report
    const e = setup({
      broadcastChannel: false,
      onEvent: (ev) => ev.type === 'signed-out' && reasons.push(ev.reason),
    });
    const pe = e.client.getCredentials();
    await new Promise((r) => setTimeout(r, 0));
    e.fake.next().resolve(freshResult());
    await pe;
    e.client.dispose();
    expect(reasons).toEqual(['no-token', 'dispose']);
    a.client.dispose();
    b.client.dispose();
  });

  it('wake names its cause; a throwing listener neither stops the others nor the client; unsubscribed ones hear nothing', async () => {
    const win = new EventTarget();
    vi.stubGlobal('addEventListener', (t: string, f: () => void) => win.addEventListener(t, f));
    vi.stubGlobal('removeEventListener', (t: string, f: () => void) => win.removeEventListener(t, f));
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const heard: string[] = [];
    const s = setup({
      broadcastChannel: false,
      onEvent: () => {
        throw new Error('listener bug');
      },
    });
    const stop = s.client.subscribeEvents((e) => heard.push(e.type === 'wake' ? `wake:${e.cause}` : e.type));
    await ready(s);
    win.dispatchEvent(new Event('focus'));
    stop();
    win.dispatchEvent(new Event('online'));
    await s.client.getCredentials();
    expect(heard).toEqual(['exchange-start', 'exchange-success', 'refresh-scheduled', 'wake:focus']);
    expect(s.client.getSnapshot().status).toBe('ready');
    s.client.dispose();
  });
});
