import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { act, cleanup, render } from '@testing-library/react';
import { StrictMode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AwsCredentialsProvider, useAwsClient } from '../src/index.js';
import { FakeCredentialsClient, quietRenderErrors } from './fakeClient.js';

class FakeSdkClient {
  static instances: FakeSdkClient[] = [];
  destroyed = 0;
  constructor(readonly config: { region?: string; endpoint?: string; credentials?: unknown } = {}) {
    FakeSdkClient.instances.push(this);
  }
  destroy(): void {
    this.destroyed++;
  }
}
class OtherSdkClient extends FakeSdkClient {}

let got: FakeSdkClient[] = [];
function User({ Ctor = FakeSdkClient, region }: { Ctor?: typeof FakeSdkClient; region: string }) {
  got.push(useAwsClient(Ctor, { region }));
  return null;
}

beforeEach(() => {
  FakeSdkClient.instances = [];
  got = [];
});
afterEach(cleanup);

let s3: S3Client | undefined;
function Uploader() {
  s3 = useAwsClient(S3Client, { region: 'eu-west-1', forcePathStyle: true });
  return null;
}

const flush = () => act(() => Promise.resolve());

describe('useAwsClient', () => {
  it('throws an error naming the fix outside the provider', () => {
    quietRenderErrors();
    expect(() => render(<User region="eu-west-1" />)).toThrow(/useAwsClient\(\).*<AwsCredentialsProvider/);
  });

  it('creates one client wired to the provider, memoised across renders with an equal inline config', () => {
    const client = new FakeCredentialsClient({ startOnSubscribe: false });
    const ui = (region: string) => (
      <AwsCredentialsProvider client={client}>
        <User region={region} />
      </AwsCredentialsProvider>
    );
    const { rerender } = render(ui('eu-west-1'));
    rerender(ui('eu-west-1'));
    expect(FakeSdkClient.instances).toHaveLength(1);
    expect(got[0]).toBe(got[1]);
    expect(got[0]!.config).toEqual({ region: 'eu-west-1', credentials: client.provider });
  });

  it('re-creates on a config or constructor change and destroys the replaced client', async () => {
    const client = new FakeCredentialsClient({ startOnSubscribe: false });
    const ui = (region: string, Ctor = FakeSdkClient) => (
      <AwsCredentialsProvider client={client}>
        <User region={region} Ctor={Ctor} />
      </AwsCredentialsProvider>
    );
    const { rerender, unmount } = render(ui('eu-west-1'));
    rerender(ui('us-east-1'));
    await flush();
    const [first, second] = FakeSdkClient.instances;
    expect(second!.config.region).toBe('us-east-1');
    expect(first!.destroyed).toBe(1);
    expect(second!.destroyed).toBe(0);

    rerender(ui('us-east-1', OtherSdkClient));
    await flush();
    expect(FakeSdkClient.instances.at(-1)).toBeInstanceOf(OtherSdkClient);
    expect(second!.destroyed).toBe(1);

    unmount();
    await flush();
    expect(FakeSdkClient.instances.map((i) => i.destroyed)).toEqual([1, 1, 1]);
  });

  it('is not destroyed by StrictMode double mounting, and is destroyed on real unmount', async () => {
    const client = new FakeCredentialsClient({ startOnSubscribe: false });
    const { unmount } = render(
      <StrictMode>
        <AwsCredentialsProvider client={client}>
          <User region="eu-west-1" />
        </AwsCredentialsProvider>
      </StrictMode>,
    );
    await flush();
    const committed = got.at(-1)!;
    expect(committed.destroyed).toBe(0);
    // React 19 keeps the ref across StrictMode's double render: one SDK client. React 18 throws the first
    // render's hooks away, leaving one never-used client (no I/O happened; garbage collected).
    expect(FakeSdkClient.instances).toHaveLength(process.env.WI_TEST_REACT_MAJOR === '18' ? 2 : 1);
    unmount();
    await flush();
    expect(committed.destroyed).toBe(1);
  });

  it('gives a real S3Client whose credentials come from the credentials client', async () => {
    vi.useFakeTimers();
    const client = new FakeCredentialsClient({ latencyMs: 10, startOnSubscribe: false });
    render(
      <AwsCredentialsProvider client={client}>
        <Uploader />
      </AwsCredentialsProvider>,
    );
    // The S3 client's typed config accepts S3 options; `credentials` is the hook's business.
    const command = new ListObjectsV2Command({ Bucket: 'b' });
    expect(command.input.Bucket).toBe('b');
    const pending = s3!.config.credentials();
    await vi.advanceTimersByTimeAsync(10);
    const creds = await pending;
    expect(creds.accessKeyId).toBe('ASIAFAKE00000001');
    expect(client.exchangesStarted).toBe(1);
    vi.useRealTimers();
  });
});
