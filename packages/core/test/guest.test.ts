/**
 * Guest mode in the client, with a fake source and fake time: single flight, sign-out races across the switch
 * from guest to user and back, and cross-tab sharing that never hands one identity's keys to the other.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  type AwsCredentials,
  type CredentialsSnapshot,
  type CredentialsSource,
  createCredentialsClient,
  type ExchangeResult,
} from '../src/index.js';
import { fakeProfile } from './fakeProfile.js';
import { freshResult, jwt } from './helpers.js';

const HOUR = 3_600_000;

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2026-01-01T00:00:00Z'));
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

/**
 * A source that serves guests. `hold: true` makes the next exchanges wait until the test calls `release()`.
 * Counts exchanges of each kind.
 */
function guestSource() {
  const stats = { guest: 0, user: 0, hold: false, waiting: [] as Array<() => void> };
  const answer = (r: ExchangeResult) =>
    new Promise<ExchangeResult>((resolve) => {
      if (stats.hold) stats.waiting.push(() => resolve(r));
      else setTimeout(() => resolve(r), 50);
    });
  const source: CredentialsSource = {
    kind: 'fakePool',
    scope: 'fake-pool',
    exchange: (_token, ctx) => {
      stats.user++;
      const id = `eu-west-1:user-${String(ctx.claims.sub)}`;
      return answer({ ...freshResult(HOUR), identity: { subject: String(ctx.claims.sub), identityId: id } });
    },
    exchangeGuest: () => {
      stats.guest++;
      const id = `eu-west-1:guest-${stats.guest}`;
      return answer({
        ...freshResult(HOUR),
        identity: { subject: id, identityId: id, provider: 'cognito-identity.amazonaws.com', guest: true },
      });
    },
  };
  const release = () => {
    for (const w of stats.waiting.splice(0)) w();
  };
  return { source, stats, release };
}

function guestClient(extra: { crossTab?: boolean; broadcastChannel?: string } = {}) {
  const user: { token: string | null } = { token: null };
  const pool = guestSource();
  const client = createCredentialsClient({
    region: 'eu-west-1',
    source: pool.source,
    getIdToken: () => user.token,
    crossTab: false,
    ...extra,
  });
  return { client, user, ...pool };
}

const who = (s: CredentialsSnapshot) =>
  `${s.status}:${s.identity ? (s.identity.guest ? 'guest' : s.identity.subject) : '-'}`;

describe('guest mode', () => {
  it('callers asking together as a guest share one guest exchange', async () => {
    const { client, stats } = guestClient();
    const all = Promise.all(Array.from({ length: 5 }, () => client.getCredentials()));
    await vi.advanceTimersByTimeAsync(100);
    const keys = await all;
    expect(stats.guest).toBe(1);
    expect(new Set(keys.map((k) => k.accessKeyId)).size).toBe(1);
    expect(client.getSnapshot()).toMatchObject({ status: 'ready', identity: { guest: true } });
    client.dispose();
  });

  it('refresh() after sign-in supersedes a guest exchange in flight: its callers get the user keys', async () => {
    const { client, user, stats, release } = guestClient();
    stats.hold = true;
    const waiting = client.getCredentials();
    await vi.advanceTimersByTimeAsync(10);
    user.token = jwt({ sub: 'alice' });
    stats.hold = false;
    const refreshed = client.refresh();
    release(); // the guest's late answer
    await vi.advanceTimersByTimeAsync(100);
    const [a, b] = await Promise.all([waiting, refreshed]);
    expect(a.accessKeyId).toBe(b.accessKeyId);
    expect(client.getSnapshot().identity).toMatchObject({ subject: 'alice' });
    expect(client.getSnapshot().identity?.guest).toBeUndefined();
    client.dispose();
  });

  it('sign-out during the switch to the user drops the late user keys; the guest comes back', async () => {
    const { client, user, stats, release } = guestClient();
    const seen: string[] = [];
    client.subscribe((s) => seen.push(who(s)));
    await vi.advanceTimersByTimeAsync(100);
    expect(who(client.getSnapshot())).toBe('ready:guest');
    user.token = jwt({ sub: 'alice' });
    stats.hold = true;
    const upgrading = client.refresh();
    upgrading.catch(() => {});
    await vi.advanceTimersByTimeAsync(10);
    client.signOut();
    stats.hold = false;
    release(); // alice's keys arrive after the sign-out
    await vi.advanceTimersByTimeAsync(100);
    await expect(upgrading).rejects.toMatchObject({ code: 'Aborted' });
    expect(who(client.getSnapshot())).toBe('ready:guest');
    expect(seen).not.toContain('ready:alice');
    expect(seen).not.toContain('refreshing:alice');
    // Still signed in at the IdP, but signed out here: no token is asked for until refresh().
    expect(stats.user).toBe(1);
    expect(stats.guest).toBe(2);
    client.dispose();
  });
});

describe('guest mode across tabs: a guest is an identity of its own', () => {
  function tab(profile: ReturnType<typeof fakeProfile>, token: string | null) {
    profile.openTab();
    const t = guestClient({ crossTab: true, broadcastChannel: 'app' });
    t.user.token = token;
    const first = t.client.getCredentials();
    first.catch(() => {});
    return { ...t, first };
  }

  it('guest tabs share one guest exchange; a signed-in tab never takes their keys, nor they its', async () => {
    const profile = fakeProfile();
    const g1 = tab(profile, null);
    await vi.advanceTimersByTimeAsync(1_000);
    const g2 = tab(profile, null);
    await vi.advanceTimersByTimeAsync(1_000);
    const u = tab(profile, jwt({ sub: 'alice' }));
    await vi.advanceTimersByTimeAsync(1_000);
    const [k1, k2, ku] = (await Promise.all([g1.first, g2.first, u.first])) as [
      AwsCredentials,
      AwsCredentials,
      AwsCredentials,
    ];
    expect(k2.accessKeyId).toBe(k1.accessKeyId);
    expect(g1.stats.guest + g2.stats.guest).toBe(1);
    expect(ku.accessKeyId).not.toBe(k1.accessKeyId);
    expect(u.stats).toMatchObject({ user: 1, guest: 0 });
    expect(u.client.getSnapshot().identity).toMatchObject({ subject: 'alice' });
    expect(g2.client.getSnapshot().identity).toMatchObject({ guest: true });
    // A later refresh of the user's keys is not offered to the guests.
    const refreshed = u.client.refresh();
    await vi.advanceTimersByTimeAsync(1_000);
    expect((await refreshed).accessKeyId).not.toBe(ku.accessKeyId);
    expect(g1.client.getSnapshot().credentials?.accessKeyId).toBe(k1.accessKeyId);
    expect(g2.client.getSnapshot().credentials?.accessKeyId).toBe(k1.accessKeyId);
    const names = new Set(profile.requested);
    expect(names.size).toBe(2); // one lock for the guest identity, one for alice
    for (const t of [g1, g2, u]) t.client.dispose();
  });
});
