/**
 * STS calls across tabs of one browser profile (issue 19), over a simulated hour (fake clock): N in-process
 * tabs (the kit's fakeBrowserProfile: one BroadcastChannel space and one Web Locks manager), each with its own
 * core client, all signed in as the same user, opened two seconds apart and each using its credentials every
 * simulated minute. Ours: cross-tab sharing on (the browser default). Baseline: one client per tab that
 * exchanges for itself (`crossTab: false`, what every tab did before). Credentials live 15 min (AWS's minimum,
 * the kit's default), refreshed 5 min before expiry: the one-tab floor is 1 + ⌊60 ÷ (15 − 5)⌋ = 7.
 */
import FakeTimers from '@sinonjs/fake-timers';
import { createCredentialsClient, webIdentity } from '@web-identity/core';
import { fakeBrowserProfile } from '@web-identity/testing';
import { fakeIdToken, ROLE, scriptedTransport } from './fakes.mjs';

const GLOBALS = ['BroadcastChannel', 'navigator', 'crypto'];

/** Sets a tab's globals (what a client captures when its session starts); returns the function that restores them. */
function enter(globals) {
  const saved = GLOBALS.map((name) => [name, Object.getOwnPropertyDescriptor(globalThis, name)]);
  for (const [name, value] of Object.entries(globals)) {
    Object.defineProperty(globalThis, name, { value, configurable: true, writable: true });
  }
  return () => {
    for (const [name, d] of saved) {
      if (d) Object.defineProperty(globalThis, name, d);
      else delete globalThis[name];
    }
  };
}

async function simulate({ tabs, minutes, lifetimeS, crossTab }) {
  const clock = FakeTimers.install({
    now: Date.UTC(2026, 0, 1),
    toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
  });
  const clients = [];
  const restores = [];
  try {
    const profile = fakeBrowserProfile();
    const token = fakeIdToken('alice');
    const { transport, stats } = scriptedTransport({ lifetimeS, latencyMs: 200 });
    for (let i = 0; i < tabs; i++) {
      restores.push(enter(profile.openTab().globals));
      const client = createCredentialsClient({
        region: 'eu-west-1',
        source: webIdentity({ roleArn: ROLE, durationSeconds: lifetimeS }),
        getIdToken: () => token,
        transport,
        broadcastChannel: 'web-identity', // a browser's default; Node has none unless asked
        crossTab,
      });
      client.getCredentials().catch(() => {}); // the tab opens: its session starts with this tab's globals
      clients.push(client);
      await clock.tickAsync(2_000);
    }
    for (let m = 0; m < minutes; m++) {
      await Promise.all(clients.map((c) => c.getCredentials()));
      await clock.tickAsync(60_000 - (m === 0 ? 2_000 * tabs : 0));
    }
    return { stsCalls: stats.calls, maxInflight: stats.maxInflight };
  } finally {
    for (const c of clients) c.dispose();
    for (const restore of restores.reverse()) restore();
    clock.uninstall();
  }
}

export async function runTabs({ smoke }) {
  const counts = smoke ? [1, 5] : [1, 5, 20];
  const minutes = 60;
  const lifetimeMin = 15;
  const refreshWindowMin = 5;
  // The first exchange, then one per (lifetime − refresh window), a little sooner with the refresh jitter.
  const floor = 1 + Math.floor(minutes / (lifetimeMin - refreshWindowMin));
  const rows = [];
  for (const tabs of counts) {
    const cfg = { tabs, minutes, lifetimeS: lifetimeMin * 60 };
    const ours = await simulate({ ...cfg, crossTab: true });
    const perTab = await simulate({ ...cfg, crossTab: false });
    rows.push({
      tabs,
      ours: ours.stsCalls,
      oursMaxInflight: ours.maxInflight,
      perTab: perTab.stsCalls,
      ratioPerTabToOurs: perTab.stsCalls / ours.stsCalls,
      oursWithinFloorPlusOne: ours.stsCalls <= floor + 1,
    });
  }
  return { minutes, lifetimeMin, refreshWindowMin, floor, rows };
}
