import type { S3Client } from '@aws-sdk/client-s3';
import { mount, unmount } from 'svelte';
import { describe, expect, it, vi } from 'vitest';
import { FakeClient } from './fakeClient.js';
import ClientProbe from './fixtures/ClientProbe.svelte';

describe('getAwsClient()', () => {
  it('memoises by constructor and shallow config, signs with the provider, destroys with the context', async () => {
    const client = new FakeClient({ exchangeMs: 0 });
    let clients: S3Client[] = [];
    const app = mount(ClientProbe, {
      target: document.createElement('div'),
      props: { input: client, onClients: (c: S3Client[]) => (clients = c) },
    });
    const [a, b, c] = clients;
    expect(a).toBe(b);
    expect(c).not.toBe(a);
    const keys = await a!.config.credentials();
    expect(keys.accessKeyId).toBe('ASIAFAKE00000001');
    const destroyed = [vi.spyOn(a!, 'destroy'), vi.spyOn(c!, 'destroy')];
    unmount(app);
    for (const d of destroyed) expect(d).toHaveBeenCalledOnce();
  });
});
