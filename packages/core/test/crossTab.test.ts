import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ASK_PEERS_MS } from '../src/flight/crossTab.js';
import {
  type CreateCredentialsClientOptions,
  type CredentialsEvent,
  createCredentialsClient,
  webIdentity,
} from '../src/index.js';
import type { ExchangeResult, Transport } from '../src/types.js';
import { autoTransport, fakeProfile } from './fakeProfile.js';
import { jwt, ROLE } from './helpers.js';

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

type Profile = ReturnType<typeof fakeProfile>;

/**
 * Opens a tab of `profile`: a client whose session starts at once (so it captures this tab's channel, locks
 * and window), with its own transport and events.
 */
function openTab(
  profile: Profile,
  o: {
    lifetimeMs?: number;
    latencyMs?: number;
    timeoutMs?: number;
    sub?: string;
    role?: string;
    locks?: boolean;
    channel?: boolean;
    window?: boolean;
    extra?: Partial<CreateCredentialsClientOptions>;
  } = {},
) {
  const view = profile.openTab({ locks: o.locks, channel: o.channel, window: o.window });
  const sts = autoTransport(o.lifetimeMs ?? HOUR, o.latencyMs ?? 100, o.timeoutMs);
  const events: CredentialsEvent[] = [];
  const token = jwt({ sub: o.sub ?? 'alice' });
  const client = createCredentialsClient({
    region: 'eu-west-1',
    source: webIdentity({ roleArn: o.role ?? ROLE }),
    getIdToken: async () => token,
    transport: sts.transport,
    broadcastChannel: 'app',
    ...(o.window ? {} : { crossTab: true }),
    onEvent: (e) => events.push(e),
    ...o.extra,
  });
  const first = client.getCredentials();
  first.catch(() => {});
  return { client, sts, events, first, ...view };
}

const total = (tabs: Array<{ sts: { stats: { calls: number } } }>) =>
  tabs.reduce((n, t) => n + t.sts.stats.calls, 0);
const origins = (events: CredentialsEvent[]) =>
  events.flatMap((e) => (e.type === 'exchange-success' ? [e.origin] : []));

describe('cross-tab: one exchange per browser profile', () => {
  it('a tab that opens asks its peers and takes their keys instead of exchanging', async () => {
    const random = vi.spyOn(Math, 'random').mockReturnValue(0);
    const profile = fakeProfile();
    const a = openTab(profile);
    await vi.advanceTimersByTimeAsync(1_000);
    const keysA = await a.first;
    random.mockReturnValue(0.999999);
    const b = openTab(profile);
    await vi.advanceTimersByTimeAsync(1_000);
    const keysB = await b.first;
    expect(keysB.accessKeyId).toBe(keysA.accessKeyId);
    expect(keysB.secretAccessKey).toBe(keysA.secretAccessKey);
    expect(total([a, b])).toBe(1);
    expect(a.client.getSnapshot()).toMatchObject({ exchangeCount: 1, origin: 'exchange' });
    expect(b.client.getSnapshot()).toMatchObject({ status: 'ready', exchangeCount: 0, origin: 'peer' });
    expect(b.client.getSnapshot().identity).toEqual(a.client.getSnapshot().identity);
    expect(origins(a.events)).toEqual(['exchange']);
    expect(origins(b.events)).toEqual(['peer']);
    expect(b.events.filter((e) => e.type === 'exchange-start')).toEqual([]);
    // The received keys expire when the exchanged ones do; their refresh is planned with this tab's own jitter.
    const [sa, sb] = [a.client.getSnapshot(), b.client.getSnapshot()];
    expect(sb.expiresAt!.getTime()).toBe(sa.expiresAt!.getTime());
    expect(sa.expiresAt!.getTime() - sa.refreshAt!.getTime()).toBe(5 * MIN);
    expect(sb.expiresAt!.getTime() - sb.refreshAt!.getTime()).toBeCloseTo(5 * MIN + 0.1 * 5 * MIN, -2);
    a.client.dispose();
    b.client.dispose();
  });

  it('five tabs opened together make one STS call; the lock is named by a hash, never the subject', async () => {
    const profile = fakeProfile();
    const tabs = Array.from({ length: 5 }, () => openTab(profile));
    await vi.advanceTimersByTimeAsync(2_000);
    const keys = await Promise.all(tabs.map((t) => t.first));
    expect(total(tabs)).toBe(1);
    expect(new Set(keys.map((k) => k.accessKeyId)).size).toBe(1);
    expect(tabs.map((t) => t.client.getSnapshot().exchangeCount).sort()).toEqual([0, 0, 0, 0, 1]);
    const names = new Set(profile.requested);
    expect(names.size).toBe(1);
    const [name] = [...names];
    expect(name).toMatch(/^app:[\w-]{43}$/);
    expect(name).not.toContain('alice');
    expect(profile.heldNames()).toEqual([]);
    for (const t of tabs) t.client.dispose();
  });

  it('refreshes once for all tabs: over three lifetimes, the one-tab floor', async () => {
    const profile = fakeProfile();
    const lifetime = 20 * MIN;
    const tabs = Array.from({ length: 5 }, () => openTab(profile, { lifetimeMs: lifetime }));
    await vi.advanceTimersByTimeAsync(1_000);
    // Each tab uses its keys every minute, as an SDK client would.
    for (let m = 0; m < 60; m++) {
      await Promise.all(tabs.map((t) => t.client.getCredentials()));
      await vi.advanceTimersByTimeAsync(MIN);
    }
    // One tab alone: the first exchange, then one per (lifetime − advisory window) ≈ 15 min.
    const floor = 1 + Math.floor((60 * MIN) / (lifetime - 5 * MIN));
    expect(total(tabs)).toBeLessThanOrEqual(floor + 1);
    expect(total(tabs)).toBeGreaterThanOrEqual(floor - 1);
    for (const t of tabs) expect(t.client.getSnapshot().status).toBe('ready');
    for (const t of tabs) t.client.dispose();
  });

  it('accepts keys only for its own identity: another user or another role exchanges for itself', async () => {
    const profile = fakeProfile();
    const alice = openTab(profile);
    await vi.advanceTimersByTimeAsync(1_000);
    const alice2 = openTab(profile);
    const bob = openTab(profile, { sub: 'bob' });
    const other = openTab(profile, { role: 'arn:aws:iam::123456789012:role/Other' });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(alice2.sts.stats.calls).toBe(0);
    expect((await alice2.first).accessKeyId).toBe((await alice.first).accessKeyId);
    expect(bob.sts.stats.calls).toBe(1);
    expect(other.sts.stats.calls).toBe(1);
    const keys = await Promise.all([alice.first, bob.first, other.first]);
    expect(new Set(keys.map((k) => k.accessKeyId)).size).toBe(3);
    // Alice's later refresh is not taken by bob's tab either.
    const refreshed = alice.client.refresh();
    await vi.advanceTimersByTimeAsync(1_000);
    await refreshed;
    expect((await bob.client.getCredentials()).accessKeyId).toBe(keys[1]!.accessKeyId);
    for (const t of [alice, alice2, bob, other]) t.client.dispose();
  });

  it('the tab holding the lock is closed mid-exchange: another tab exchanges', async () => {
    const profile = fakeProfile();
    const a = openTab(profile);
    a.sts.stats.hang = true;
    const b = openTab(profile);
    await vi.advanceTimersByTimeAsync(1_000);
    // A holds the lock for its exchange; B waits for it.
    expect(profile.holder(profile.requested[0]!)).toBe(a.tab);
    expect(b.sts.stats.calls).toBe(0);
    profile.crash(a.tab);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(b.sts.stats.calls).toBe(1);
    await expect(b.first).resolves.toMatchObject({ accessKeyId: expect.any(String) });
    expect(b.client.getSnapshot().status).toBe('ready');
    b.client.dispose();
    a.client.dispose();
  });

  it('a frozen tab holding the lock: the waiter gives up after the transport timeout and exchanges', async () => {
    const profile = fakeProfile();
    const a = openTab(profile, { timeoutMs: 5_000 });
    a.sts.stats.hang = true;
    profile.freeze(a.tab);
    const b = openTab(profile, { timeoutMs: 5_000 });
    await vi.advanceTimersByTimeAsync(4_000);
    expect(b.sts.stats.calls).toBe(0);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(b.sts.stats.calls).toBe(1);
    await expect(b.first).resolves.toBeDefined();
    expect(b.client.getSnapshot().status).toBe('ready');
    b.client.dispose();
    a.client.dispose();
  });

  it('the holder releases the lock after the transport timeout even while its exchange still runs', async () => {
    const profile = fakeProfile();
    const a = openTab(profile, { timeoutMs: 5_000 });
    a.sts.stats.hang = true;
    await vi.advanceTimersByTimeAsync(1_000);
    const name = profile.requested[0]!;
    expect(profile.holder(name)).toBe(a.tab);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(profile.holder(name)).toBeUndefined();
    a.client.dispose();
  });

  it.each([
    ['without Web Locks', { locks: false }],
    ['without BroadcastChannel', { channel: false }],
    ['with crossTab: false', { extra: { crossTab: false } }],
  ] as const)('%s every tab exchanges for itself, without an error', async (_, opts) => {
    const profile = fakeProfile();
    const a = openTab(profile, opts);
    await vi.advanceTimersByTimeAsync(1_000);
    const b = openTab(profile, opts);
    await vi.advanceTimersByTimeAsync(1_000);
    await expect(Promise.all([a.first, b.first])).resolves.toHaveLength(2);
    expect([a.sts.stats.calls, b.sts.stats.calls]).toEqual([1, 1]);
    expect(profile.requested).toEqual([]);
    expect(a.client.getSnapshot().error).toBeNull();
    a.client.dispose();
    b.client.dispose();
  });

  it('is on by default in a browser window and off elsewhere (a Node process or a worker)', async () => {
    const profile = fakeProfile();
    const a = openTab(profile, { window: true });
    await vi.advanceTimersByTimeAsync(1_000);
    const b = openTab(profile, { window: true });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(total([a, b])).toBe(1);
    vi.unstubAllGlobals();
    const node = fakeProfile();
    const c = openTab(node, { extra: { crossTab: undefined } });
    await vi.advanceTimersByTimeAsync(1_000);
    const d = openTab(node, { extra: { crossTab: undefined } });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(total([c, d])).toBe(2);
    expect(node.requested).toEqual([]);
    for (const t of [a, b, c, d]) t.client.dispose();
  });
});

describe('cross-tab: sign-out wins everywhere', () => {
  it('sign-out in one tab signs every tab out and aborts the exchange in flight in another', async () => {
    const profile = fakeProfile();
    const a = openTab(profile);
    await vi.advanceTimersByTimeAsync(1_000);
    const b = openTab(profile);
    await vi.advanceTimersByTimeAsync(1_000);
    // B refreshes (holding the lock) when A signs out.
    b.sts.stats.hang = true;
    const refreshing = b.client.refresh();
    refreshing.catch(() => {});
    await vi.advanceTimersByTimeAsync(10);
    expect(b.sts.stats.calls).toBe(1);
    a.client.signOut();
    await vi.advanceTimersByTimeAsync(10);
    await expect(refreshing).rejects.toMatchObject({ code: 'Aborted' });
    expect(b.sts.stats.aborted).toBe(1);
    for (const t of [a, b])
      expect(t.client.getSnapshot()).toMatchObject({ status: 'signed-out', credentials: null, origin: null });
    expect(profile.heldNames()).toEqual([]);
    // Nothing is exchanged afterwards, however long the tabs stay open.
    await vi.advanceTimersByTimeAsync(3 * HOUR);
    expect(total([a, b])).toBe(1 + 1);
    a.client.dispose();
    b.client.dispose();
  });

  it('drops keys shared from an exchange that started before a sign-out, in every tab', async () => {
    const profile = fakeProfile();
    const a = openTab(profile);
    await vi.advanceTimersByTimeAsync(1_000);
    const b = openTab(profile);
    await vi.advanceTimersByTimeAsync(1_000);
    const shared = profile.posted.find((m) => (m as { type: string }).type === 'web-identity:credentials') as
      | Record<string, unknown>
      | undefined;
    expect(shared).toBeDefined();
    a.client.signOut();
    await vi.advanceTimersByTimeAsync(10);
    // B signs in again and exchanges; then a late answer from an exchange that began before the sign-out arrives.
    await vi.advanceTimersByTimeAsync(1_000);
    const again = b.client.getCredentials();
    await vi.advanceTimersByTimeAsync(1_000);
    const mine = await again;
    const raw = new b.Channel('app');
    const late = { ...shared, accessKeyId: 'ASIALATEANSWER00001', expiresAt: Date.now() + 2 * HOUR };
    raw.postMessage(late);
    await vi.advanceTimersByTimeAsync(10);
    expect(b.client.getSnapshot().credentials?.accessKeyId).toBe(mine.accessKeyId);
    // The same keys from an exchange that started after the sign-out are taken (so the check above can fail).
    raw.postMessage({ ...late, startedAt: Date.now() });
    await vi.advanceTimersByTimeAsync(10);
    expect(b.client.getSnapshot().credentials?.accessKeyId).toBe('ASIALATEANSWER00001');
    raw.close();
    for (const t of [a, b]) t.client.dispose();
  });

  it('never puts a secret in an event; shares them only over the channel', async () => {
    const profile = fakeProfile();
    const a = openTab(profile);
    await vi.advanceTimersByTimeAsync(1_000);
    const b = openTab(profile);
    await vi.advanceTimersByTimeAsync(1_000);
    const keys = await b.first;
    const everything = JSON.stringify([a.events, b.events, a.client.getSnapshot(), b.client.getSnapshot()]);
    expect(everything).not.toContain(keys.secretAccessKey);
    expect(everything).not.toContain(keys.sessionToken);
    expect(JSON.stringify(profile.posted)).toContain(keys.secretAccessKey);
    a.client.dispose();
    b.client.dispose();
  });
});

describe("cross-tab: shared keys' expiry is absolute (issue 24: WebKit's refresh storm)", () => {
  it("a receiver expects the keys' real expiry, whatever the sender's own monotonic clock says", async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const profile = fakeProfile();
    const lifetime = MIN;
    // Tab A's monotonic clock runs apart from the wall clock, as a WebKit background tab's does (per-process
    // `performance.now()`, throttled timers): A then believes its wall clock fell 10 s behind.
    let skew = 0;
    const answers: ExchangeResult[] = [];
    const sts = autoTransport(lifetime);
    const transport: Transport = {
      ...sts.transport,
      assumeRoleWithWebIdentity: async (input, opts) => {
        const r = await sts.transport.assumeRoleWithWebIdentity!(input, opts);
        answers.push(r);
        return r;
      },
    };
    const a = openTab(profile, {
      lifetimeMs: lifetime,
      extra: { transport, platform: { monotonic: () => Date.now() + skew } },
    });
    await vi.advanceTimersByTimeAsync(1_000);
    await a.first;
    expect(answers).toHaveLength(1);
    const expiresAt = answers[0]!.expiration.getTime();
    skew = 10_000;
    const b = openTab(profile, { lifetimeMs: lifetime });
    await vi.advanceTimersByTimeAsync(1_000);
    await b.first;
    expect(b.sts.stats.calls).toBe(0);
    const snap = b.client.getSnapshot();
    expect(snap.origin).toBe('peer');
    // Within the rounding of a whole millisecond: not ~10 s early, which planned B's refresh ~10 s early too.
    expect(Math.abs(snap.expiresAt!.getTime() - expiresAt)).toBeLessThanOrEqual(1);
    // B plans its refresh the advisory window (lifetime / 2, no jitter here) before the real expiry.
    expect(Math.abs(snap.refreshAt!.getTime() - (expiresAt - lifetime / 2))).toBeLessThanOrEqual(1);
    a.client.dispose();
    b.client.dispose();
  });
});

describe('cross-tab: back/forward cache', () => {
  it('pagehide closes the channel and releases the lock; pageshow reopens it and asks again', async () => {
    const profile = fakeProfile();
    const a = openTab(profile, { window: true });
    a.sts.stats.hang = true;
    await vi.advanceTimersByTimeAsync(1_000);
    const name = profile.requested[0]!;
    expect(profile.holder(name)).toBe(a.tab);
    expect(profile.openChannels(a.tab)).toBe(1);
    a.window.dispatch('pagehide');
    await vi.advanceTimersByTimeAsync(10);
    expect(profile.holder(name)).toBeUndefined();
    expect(profile.openChannels(a.tab)).toBe(0);
    // Another tab exchanges meanwhile; A, shown again, asks and takes its keys.
    const b = openTab(profile, { window: true });
    await vi.advanceTimersByTimeAsync(1_000);
    const keys = await b.first;
    a.enter();
    a.window.dispatch('pageshow');
    await vi.advanceTimersByTimeAsync(500);
    expect(profile.openChannels(a.tab)).toBe(1);
    expect(a.client.getSnapshot().credentials?.accessKeyId).toBe(keys.accessKeyId);
    a.client.dispose();
    b.client.dispose();
    expect(a.window.count('pagehide')).toBe(0);
  });
});

describe('cross-tab: a page restored from the back/forward cache learns of a sign-out it missed', () => {
  const SIGNED_OUT = 'web-identity:signed-out';
  const answers = (profile: Profile, from = 0) =>
    profile.posted.slice(from).filter((m) => (m as { type: string }).type === SIGNED_OUT);

  /** Tabs A and B signed in (B took A's keys); A goes into the bfcache, then B signs out. */
  async function missedSignOut(profile: Profile) {
    const a = openTab(profile, { window: true });
    await vi.advanceTimersByTimeAsync(1_000);
    const b = openTab(profile, { window: true });
    await vi.advanceTimersByTimeAsync(1_000);
    await Promise.all([a.first, b.first]);
    a.window.dispatch('pagehide');
    await vi.advanceTimersByTimeAsync(10);
    b.enter();
    b.client.signOut();
    const signedOutAt = Date.now();
    await vi.advanceTimersByTimeAsync(10);
    // A, in the cache with its channel closed, did not hear it.
    expect(a.client.getSnapshot().status).toBe('ready');
    expect(profile.posted).toContainEqual({ type: 'web-identity:sign-out', at: signedOutAt });
    return { a, b, signedOutAt };
  }

  it('shown again, it asks, hears "signed out at T" from the signed-out tab and signs out: no exchange', async () => {
    const profile = fakeProfile();
    const { a, b, signedOutAt } = await missedSignOut(profile);
    await vi.advanceTimersByTimeAsync(10 * MIN);
    const calls = total([a, b]);
    const since = a.events.length;
    a.enter();
    a.window.dispatch('pageshow');
    await vi.advanceTimersByTimeAsync(ASK_PEERS_MS);
    expect(a.client.getSnapshot()).toMatchObject({ status: 'signed-out', credentials: null, origin: null });
    expect(a.events.slice(since)).toContainEqual({ type: 'signed-out', reason: 'other-tab' });
    // The answer says only when: no key, no secret.
    expect(answers(profile)).toEqual([{ type: SIGNED_OUT, at: signedOutAt }]);
    // Nothing is exchanged afterwards, however long the tabs stay open.
    await vi.advanceTimersByTimeAsync(3 * HOUR);
    expect(total([a, b])).toBe(calls);
    expect(a.events.filter((e) => e.type === 'exchange-start')).toHaveLength(1);
    a.client.dispose();
    b.client.dispose();
    expect(profile.openChannels(a.tab) + profile.openChannels(b.tab)).toBe(0);
  });

  it('a tab that signed in again after T stays signed in, and tells the restored page T itself', async () => {
    const profile = fakeProfile();
    const { a, b, signedOutAt } = await missedSignOut(profile);
    const c = openTab(profile, { window: true });
    await vi.advanceTimersByTimeAsync(1_000);
    // C started after the sign-out: B's answer "signed out at T" to C's ask leaves it alone.
    const keysC = await c.first;
    expect(c.sts.stats.calls).toBe(1);
    expect(answers(profile)).toEqual([{ type: SIGNED_OUT, at: signedOutAt }]);
    // B closes: only C, signed in, witnessed the sign-out (it heard B's answer).
    b.client.dispose();
    const since = c.events.length;
    a.enter();
    a.window.dispatch('pageshow');
    await vi.advanceTimersByTimeAsync(ASK_PEERS_MS);
    expect(a.client.getSnapshot()).toMatchObject({ status: 'signed-out', credentials: null });
    expect(c.client.getSnapshot()).toMatchObject({ status: 'ready' });
    expect(c.client.getSnapshot().credentials?.accessKeyId).toBe(keysC.accessKeyId);
    expect(c.events.slice(since).filter((e) => e.type === 'signed-out')).toEqual([]);
    expect(answers(profile).at(-1)).toEqual({ type: SIGNED_OUT, at: signedOutAt });
    for (const t of [a, c]) t.client.dispose();
  });

  it('a tab that never saw a sign-out says nothing of one; an old sign-out message without `at` still works', async () => {
    const profile = fakeProfile();
    const a = openTab(profile);
    await vi.advanceTimersByTimeAsync(1_000);
    const b = openTab(profile);
    await vi.advanceTimersByTimeAsync(1_000);
    expect((await b.first).accessKeyId).toBe((await a.first).accessKeyId);
    expect(answers(profile)).toEqual([]);
    // A sender from before `at` existed: every tab signs out and takes the moment it heard it as the instant.
    const raw = new a.Channel('app');
    const sentAt = Date.now();
    raw.postMessage({ type: 'web-identity:sign-out' });
    await vi.advanceTimersByTimeAsync(10);
    for (const t of [a, b]) {
      expect(t.client.getSnapshot().status).toBe('signed-out');
      expect(t.events.at(-1)).toEqual({ type: 'signed-out', reason: 'other-tab' });
    }
    // Both witnessed it: an ask is answered with that instant only, by each.
    const before = profile.posted.length;
    raw.postMessage({ type: 'web-identity:ask', key: 'someone' });
    await vi.advanceTimersByTimeAsync(10);
    // (fake timers: the message arrives on a task at the same instant it was sent)
    expect(profile.posted.slice(before + 1)).toEqual([
      { type: SIGNED_OUT, at: sentAt },
      { type: SIGNED_OUT, at: sentAt },
    ]);
    raw.close();
    a.client.dispose();
    b.client.dispose();
    expect(profile.openChannels(a.tab) + profile.openChannels(b.tab)).toBe(0);
  });
});

describe("cross-tab with Node 24's own Web Locks and BroadcastChannel", () => {
  it('two clients on one channel make one STS call; sign-out reaches both', async () => {
    vi.useRealTimers();
    const name = `wi-tabs-${Math.random()}`;
    const tab = () => {
      const sts = autoTransport(HOUR, 20);
      const client = createCredentialsClient({
        region: 'eu-west-1',
        source: webIdentity({ roleArn: ROLE }),
        getIdToken: async () => jwt(),
        transport: sts.transport,
        broadcastChannel: name,
        crossTab: true,
      });
      return { client, sts };
    };
    const a = tab();
    const keys = await a.client.getCredentials();
    const b = tab();
    expect((await b.client.getCredentials()).accessKeyId).toBe(keys.accessKeyId);
    expect(total([a, b])).toBe(1);
    // Both refresh at once: they race for the lock, one exchanges and the other receives its keys.
    const both = await Promise.all([a.client.refresh(), b.client.refresh()]);
    expect(total([a, b])).toBe(2);
    expect(both[1].accessKeyId).toBe(both[0].accessKeyId);
    expect(both[0].accessKeyId).not.toBe(keys.accessKeyId);
    const signedOut = new Promise<void>((resolve) =>
      b.client.subscribe((snap) => snap.status === 'signed-out' && resolve()),
    );
    a.client.signOut();
    await signedOut;
    expect(b.client.getSnapshot().credentials).toBeNull();
    const held = await navigator.locks.query();
    expect([...(held.held ?? []), ...(held.pending ?? [])]).toEqual([]);
    a.client.dispose();
    b.client.dispose();
  });
});
