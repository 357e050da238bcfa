import { check, type ScenarioContext, waitFor } from '../context.js';
import type { Outcome } from '../types.js';

/** What cross-tab sharing needs from the target, or why it cannot run: `null` when all is there. */
function missingForCrossTab(ctx: ScenarioContext): string | null {
  const platform = ctx.core.defaultPlatform(ctx.target.platform);
  const probe = platform.channel('web-identity-conformance-probe');
  probe?.close();
  const missing = [
    probe ? null : 'BroadcastChannel',
    platform.locks() ? null : 'Web Locks (navigator.locks)',
    platform.subtle() ? null : 'Web Crypto (crypto.subtle)',
  ].filter((m): m is string => m !== null);
  return missing.length ? `no ${missing.join(', no ')} in this runtime` : null;
}

/**
 * Three clients sharing a channel and the Web Locks of one realm (as tabs of one browser profile do) start
 * together: one STS exchange, the same keys in all three; a sign-out in one signs the others out.
 */
export async function crossTabSharing(ctx: ScenarioContext): Promise<Outcome> {
  const missing = missingForCrossTab(ctx);
  if (missing) return { status: 'n/a', reason: missing };
  await ctx.control.fault('latency', 150);
  const broadcastChannel = `web-identity-conformance-${Math.random().toString(36).slice(2)}`;
  const tabs = [0, 1, 2].map(() => ctx.client({ crossTab: true, broadcastChannel }));
  const keys = await Promise.all(tabs.map((tab) => tab.getCredentials()));
  const ids = new Set(keys.map((k) => k.accessKeyId));
  check(ids.size === 1, `three tabs should hold one set of keys, held ${ids.size}`);
  const calls = await ctx.control.calls({ action: 'AssumeRoleWithWebIdentity' });
  check(calls.length === 1, `one STS exchange expected for three tabs, saw ${calls.length}`);
  const own = tabs.reduce((n, tab) => n + tab.getSnapshot().exchangeCount, 0);
  check(own === 1, `exchangeCount over the tabs should add up to 1, was ${own}`);
  tabs[0]?.signOut();
  await waitFor(
    () => tabs.every((tab) => tab.getSnapshot().status === 'signed-out'),
    3_000,
    'a sign-out in one tab did not sign the others out',
  );
  return { status: 'pass' };
}
