import { S3Client } from '@aws-sdk/client-s3';
import { mount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createApp, defineComponent, h } from 'vue';
import { createAwsCredentials, useAwsClient, useAwsCredentials } from '../src/index.js';
import { FakeClient } from './fakeClient.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

class FakeSdkClient {
  static created = 0;
  destroyed = false;
  constructor(readonly config: { region?: string; endpoint?: string; credentials?: unknown }) {
    FakeSdkClient.created++;
  }
  destroy(): void {
    this.destroyed = true;
  }
}

describe('createAwsCredentials(client)', () => {
  it('provides the client to every component and never disposes it', () => {
    const client = new FakeClient();
    const seen: unknown[] = [];
    const Comp = defineComponent({
      setup() {
        seen.push(useAwsCredentials().client);
        return () => h('p');
      },
    });
    const app = createApp(Comp).use(createAwsCredentials(client));
    const el = document.createElement('div');
    app.mount(el);
    expect(seen).toEqual([client]);
    app.unmount();
    expect(client.disposed).toBe(false);
  });

  it('exposes the client on the plugin for code outside components', () => {
    const client = new FakeClient();
    expect(createAwsCredentials(client).client).toBe(client);
  });
});

describe('useAwsClient()', () => {
  it('memoises one SDK client per constructor and shallow-equal config across components', () => {
    const client = new FakeClient();
    const got: FakeSdkClient[] = [];
    const Comp = defineComponent({
      props: { region: { type: String, required: true } },
      setup(props) {
        // A fresh object literal each time, as a component would write it.
        got.push(useAwsClient(FakeSdkClient, { region: props.region, endpoint: 'http://127.0.0.1:1' }));
        return () => null;
      },
    });
    const Root = defineComponent({
      setup: () => () => [
        h(Comp, { region: 'eu-west-1' }),
        h(Comp, { region: 'eu-west-1' }),
        h(Comp, { region: 'us-east-1' }),
      ],
    });
    const app = createApp(Root).use(createAwsCredentials(client));
    app.mount(document.createElement('div'));
    expect(got[0]).toBe(got[1]);
    expect(got[2]).not.toBe(got[0]);
    expect(got[0]!.config).toEqual({
      region: 'eu-west-1',
      endpoint: 'http://127.0.0.1:1',
      credentials: client.provider,
    });
    expect(got[2]!.config.region).toBe('us-east-1');
    app.unmount();
    // Clients the plugin created are destroyed with the app; the credentials client is not.
    expect(got.every((c) => c.destroyed)).toBe(true);
    expect(client.disposed).toBe(false);
  });

  it('signs real SDK requests with the provider’s current keys', async () => {
    vi.useRealTimers(); // the SDK's own retry and clock code runs on real time
    const client = new FakeClient({ exchangeMs: 0 });
    const seen: string[] = [];
    let s3!: S3Client;
    const w = mount(
      defineComponent({
        setup() {
          s3 = useAwsClient(S3Client, {
            region: 'eu-west-1',
            endpoint: 'http://127.0.0.1:9',
            forcePathStyle: true,
            maxAttempts: 1,
            requestHandler: {
              handle: async (req: { headers: Record<string, string> }) => {
                seen.push(req.headers.authorization ?? '');
                throw new Error('stop here');
              },
            },
          });
          return () => null;
        },
      }),
      { global: { plugins: [createAwsCredentials(client)] } },
    );
    const { ListObjectsV2Command } = await import('@aws-sdk/client-s3');
    await expect(s3.send(new ListObjectsV2Command({ Bucket: 'b' }))).rejects.toThrow('stop here');
    expect(seen[0]).toContain('Credential=ASIAFAKE00000001/');
    w.unmount();
  });

  it('outside an injection context, throws an error that names the fix', () => {
    expect(() => useAwsClient(FakeSdkClient, { region: 'eu-west-1' })).toThrow(
      /useAwsClient\(\).*setup\(\)/s,
    );
  });
});
