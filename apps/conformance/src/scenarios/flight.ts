import { check, type ScenarioContext, waitFor } from '../context.js';
import type { Outcome } from '../types.js';

/** Many callers at once (getCredentials and the SDK provider) share one exchange: one STS call, one object. */
export async function singleFlight(ctx: ScenarioContext): Promise<Outcome> {
  await ctx.control.fault('latency', 200);
  const client = ctx.client();
  const callers = [
    ...Array.from({ length: 40 }, () => client.getCredentials()),
    ...Array.from({ length: 10 }, () => client.provider()),
  ];
  const all = await Promise.all(callers);
  const keys = new Set(all.map((c) => c.accessKeyId));
  check(keys.size === 1, `50 callers should get one set of keys, got ${keys.size}`);
  const calls = await ctx.control.calls({ action: 'AssumeRoleWithWebIdentity' });
  check(calls.length === 1, `one STS call expected for 50 callers, saw ${calls.length}`);
  check(client.getSnapshot().exchangeCount === 1, 'exchangeCount should be 1');
  return { status: 'pass' };
}

/**
 * Keys that live 6 s are refreshed before they expire, by the client's own timers: a second exchange with new
 * keys, and no snapshot ever holds expired keys.
 */
export async function proactiveRefresh(ctx: ScenarioContext): Promise<Outcome> {
  await ctx.control.fault('shortCredentials', 6);
  const client = ctx.client();
  const expiredSeen: string[] = [];
  client.subscribe((snap) => {
    if (snap.credentials && snap.credentials.expiration.getTime() <= Date.now())
      expiredSeen.push(`${snap.status} at ${new Date().toISOString()}`);
  });
  const first = await client.getCredentials();
  check(first.expiration.getTime() - Date.now() <= 6_500, 'the kit should have issued 6 s keys');
  await waitFor(
    () => client.getSnapshot().exchangeCount >= 2,
    10_000,
    'no refresh before the 6 s keys expired',
  );
  const second = client.getSnapshot().credentials;
  check(second, 'the refreshed snapshot should hold keys');
  check(second.accessKeyId !== first.accessKeyId, 'the refresh should bring new keys');
  check(second.expiration.getTime() > first.expiration.getTime(), 'new keys should outlive the old ones');
  check(expiredSeen.length === 0, `a snapshot held expired keys: ${expiredSeen.join(', ')}`);
  return { status: 'pass' };
}

/**
 * STS's clock 15 minutes ahead and then behind: expiry is on the local clock, corrected from the `Date`
 * header, so the keys' `expiration` is an hour from now either way and the measured offset shows in the event.
 */
export async function clockSkew(ctx: ScenarioContext): Promise<Outcome> {
  for (const skewSeconds of [15 * 60, -15 * 60]) {
    await ctx.control.fault('skewClock', skewSeconds);
    const offsets: number[] = [];
    const client = ctx.client({
      onEvent: (e) => {
        if (e.type === 'exchange-success') offsets.push(e.clockOffsetMs);
      },
    });
    const before = Date.now();
    const creds = await client.getCredentials();
    const after = Date.now();
    const exp = creds.expiration.getTime();
    check(
      exp > before + 3_600_000 - 5_000 && exp < after + 3_600_000 + 5_000,
      `AWS ${skewSeconds > 0 ? 'ahead' : 'behind'} by 15 min: expiration should be ~1 h from now on the local clock, ` +
        `was ${Math.round((exp - after) / 1000)} s`,
    );
    const offset = offsets[0];
    check(
      offset !== undefined && Math.abs(offset - skewSeconds * 1000) < 5_000,
      `exchange-success.clockOffsetMs should be about ${skewSeconds * 1000}, was ${offset}`,
    );
    client.dispose();
  }
  return { status: 'pass' };
}
