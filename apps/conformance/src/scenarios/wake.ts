import type { WakeCause } from '@web-identity/core';
import { check, type ScenarioContext, sleep, waitFor } from '../context.js';
import type { Outcome } from '../types.js';

/**
 * A hidden (frozen, throttled) period through core's `platform` seam: while hidden, the client's timers do not
 * fire, so its planned refresh is missed; 8 s keys come close to expiry. The wake signal (`visibilitychange`,
 * an AppState change on React Native) must make it refresh at once, without waiting for a late timer.
 */
export async function wakeAfterHidden(ctx: ScenarioContext): Promise<Outcome> {
  await ctx.control.fault('shortCredentials', 8);
  const base = ctx.core.defaultPlatform(ctx.target.platform);
  let hidden = false;
  let missedTimers = 0;
  let wake: ((cause: WakeCause) => void) | null = null;
  const wakes: WakeCause[] = [];
  const client = ctx.client({
    platform: {
      setTimer: (fn, ms) =>
        base.setTimer(() => {
          if (hidden) missedTimers += 1;
          else fn();
        }, ms),
      watchWake: (onWake) => {
        wake = onWake;
        return () => {
          wake = null;
        };
      },
    },
    onEvent: (e) => {
      if (e.type === 'wake') wakes.push(e.cause);
    },
  });
  const first = await client.getCredentials();
  hidden = true;
  const left = first.expiration.getTime() - Date.now();
  await sleep(Math.max(0, left - 1_500)); // past the planned refresh, 1.5 s before expiry
  check(client.getSnapshot().exchangeCount === 1, 'the client refreshed while its timers were frozen');
  check(missedTimers > 0, 'the planned refresh timer should have come due while hidden');
  check(wake, 'the client should watch for wake signals during a session');
  hidden = false;
  const wokeAt = Date.now();
  (wake as (cause: WakeCause) => void)('visibilitychange');
  await waitFor(
    () => client.getSnapshot().exchangeCount >= 2,
    1_000,
    'no refresh right after the wake signal',
  );
  const snap = client.getSnapshot();
  check(snap.credentials && snap.credentials.accessKeyId !== first.accessKeyId, 'woken: new keys expected');
  check(
    snap.credentials.expiration.getTime() > first.expiration.getTime(),
    'woken: keys should outlive the old',
  );
  check(wakes.includes('visibilitychange'), 'a wake event should have been emitted');
  check(Date.now() - wokeAt < 1_000, 'the refresh after waking should be immediate');
  return { status: 'pass' };
}
