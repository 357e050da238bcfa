/**
 * BroadcastChannels that misbehave, as a runtime's do. Deno 2 (found by the conformance suite, apps/conformance):
 * a channel opened in the same tick as the last open one closed is dead — its `postMessage` throws
 * `TypeError: expected i32` and it hears nothing — until the runtime's receive loop has wound down.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createCredentialsClient, webIdentity } from '../src/index.js';
import { autoTransport, fakeProfile } from './fakeProfile.js';
import { jwt, ROLE } from './helpers.js';

const HOUR = 3_600_000;

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2026-01-01T00:00:00Z'));
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

type ChannelCtor = new (name: string) => BroadcastChannel;

/** `Channel` with Deno 2's quirk: closing the last open channel leaves the next one opened before a timer tick dead. */
function denoLike(Channel: ChannelCtor): ChannelCtor {
  let open = 0;
  let windingDown = false;
  return class extends (Channel as new (name: string) => BroadcastChannel) {
    #dead = windingDown;
    constructor(name: string) {
      super(name);
      open += 1;
    }
    override postMessage(message: unknown): void {
      if (this.#dead) throw new TypeError('expected i32');
      super.postMessage(message);
    }
    override close(): void {
      super.close();
      open -= 1;
      if (open === 0) {
        windingDown = true;
        setTimeout(() => {
          windingDown = false;
        }, 0);
      }
    }
  };
}

/** A channel whose every post throws (a closed or broken channel). */
function throwing(Channel: ChannelCtor): ChannelCtor {
  return class extends (Channel as new (name: string) => BroadcastChannel) {
    override postMessage(): void {
      throw new TypeError('broken channel');
    }
  };
}

function openTab(profile: ReturnType<typeof fakeProfile>, wrap: (c: ChannelCtor) => ChannelCtor) {
  const view = profile.openTab();
  vi.stubGlobal('BroadcastChannel', wrap(view.Channel as unknown as ChannelCtor));
  const sts = autoTransport(HOUR);
  const token = jwt({ sub: 'alice' });
  const client = createCredentialsClient({
    region: 'eu-west-1',
    source: webIdentity({ roleArn: ROLE }),
    getIdToken: async () => token,
    transport: sts.transport,
    broadcastChannel: 'app',
    crossTab: true,
  });
  const first = client.getCredentials();
  first.catch(() => {});
  return { client, sts, first };
}

describe('cross-tab over quirky BroadcastChannels', () => {
  it("Deno 2: the availability probe closes only after the session's channel is open, so tabs still share", async () => {
    const profile = fakeProfile();
    const a = openTab(profile, denoLike);
    await vi.advanceTimersByTimeAsync(1_000);
    const b = openTab(profile, denoLike);
    await vi.advanceTimersByTimeAsync(1_000);
    const [keysA, keysB] = await Promise.all([a.first, b.first]);
    expect(keysB.accessKeyId).toBe(keysA.accessKeyId);
    expect(a.sts.stats.calls + b.sts.stats.calls).toBe(1);
  });

  it('a channel whose posts throw is no channel: the tab exchanges for itself, no error', async () => {
    const profile = fakeProfile();
    const a = openTab(profile, throwing);
    await vi.advanceTimersByTimeAsync(1_000);
    const keys = await a.first;
    expect(keys.accessKeyId).toMatch(/^ASIA/);
    expect(a.sts.stats.calls).toBe(1);
    expect(a.client.getSnapshot().error).toBeNull();
    a.client.signOut(); // the sign-out post throws too, and is swallowed
    expect(a.client.getSnapshot().status).toBe('signed-out');
    const again = a.client.getCredentials(); // a new session, alone again
    await vi.advanceTimersByTimeAsync(1_000);
    expect((await again).accessKeyId).toMatch(/^ASIA/);
    expect(a.sts.stats.calls).toBe(2);
  });
});
