import { type LocalKit, signInWithPassword, startLocalKit } from '@web-identity/testing';
import { render } from 'svelte/server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fetchTransport, webIdentity } from '../src/index.js';
import Host from './fixtures/Host.svelte';

// SvelteKit renders components with svelte/server under Node: the signed-in user's token is at hand, yet the
// server must render signed out and never call STS (credentials live in the browser's memory only).

let kit: LocalKit;
let idToken: string;

beforeAll(async () => {
  kit = await startLocalKit();
  ({ idToken } = await signInWithPassword(kit.config.issuer, { login: 'alice' }));
});
afterAll(async () => {
  await kit?.close();
});

describe('server-side rendering', () => {
  it('imports without a window', async () => {
    expect(typeof (globalThis as { window?: unknown }).window).toBe('undefined');
    const mod = await import('../src/index.js');
    expect(typeof mod.getAwsCredentials).toBe('function');
  });

  it('renders signed out from the runes and the store, with zero STS calls and no token asked for', async () => {
    const since = Date.now();
    const getIdToken = vi.fn(async () => idToken);
    const input = {
      region: kit.config.region,
      source: webIdentity({ roleArn: kit.config.roleArn, endpoint: kit.config.stsEndpoint }),
      getIdToken,
      transport: fetchTransport(),
    };
    const { body } = render(Host, { props: { input, probes: 2, store: true } });
    const text = body.replace(/<!--[^>]*-->/g, '');
    expect(text).toContain('<p class="probe">signed-out|||0</p><p class="probe">signed-out|||0</p>');
    expect(text).toContain('<p class="store">signed-out|</p>');
    // Give anything that might have been started a moment to reach the kit.
    await new Promise((r) => setTimeout(r, 200));
    expect(getIdToken).not.toHaveBeenCalled();
    expect(kit.aws.calls().filter((c) => c.time.getTime() >= since)).toEqual([]);
  });
});
