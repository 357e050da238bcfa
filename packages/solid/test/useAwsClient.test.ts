import { S3Client } from '@aws-sdk/client-s3';
import { createComponent, createRoot } from 'solid-js';
import { describe, expect, it, vi } from 'vitest';
import { AwsCredentialsProvider, useAwsClient } from '../src/index.js';
import { FakeClient } from './fakeClient.js';

describe('useAwsClient()', () => {
  it('memoises by constructor and shallow config, signs with the provider, destroys with the provider', async () => {
    const client = new FakeClient({ exchangeMs: 0 });
    let clients: S3Client[] = [];
    const dispose = createRoot((d) => {
      createComponent(AwsCredentialsProvider, {
        client,
        get children() {
          // An inline config literal each time, as a component would write it: one instance all the same.
          clients = [
            useAwsClient(S3Client, { region: 'eu-west-1' }),
            useAwsClient(S3Client, { region: 'eu-west-1' }),
            useAwsClient(S3Client, { region: 'us-east-1' }),
          ];
          return null;
        },
      });
      return d;
    });
    const [a, b, c] = clients;
    expect(a).toBe(b);
    expect(c).not.toBe(a);
    expect((await a!.config.credentials()).accessKeyId).toBe('ASIAFAKE00000001');
    const destroyed = [vi.spyOn(a!, 'destroy'), vi.spyOn(c!, 'destroy')];
    dispose();
    for (const d of destroyed) expect(d).toHaveBeenCalledOnce();
  });
});
