import { describe, expect, it } from 'vitest';
import { SdkClientCache, sameClientConfig } from '../src/aws/sdkClients.js';

class FakeSdkClient {
  static made = 0;
  destroyed = false;
  constructor(readonly config: { region?: string; credentials?: unknown; [k: string]: unknown } = {}) {
    FakeSdkClient.made++;
  }
  destroy(): void {
    this.destroyed = true;
  }
}
class OtherSdkClient extends FakeSdkClient {}

const provider = async () => ({ accessKeyId: 'a', secretAccessKey: 's' });

describe('sameClientConfig', () => {
  it('compares own keys with Object.is, so inline literals match and changed values do not', () => {
    expect(sameClientConfig({ region: 'eu-west-1' }, { region: 'eu-west-1' })).toBe(true);
    expect(sameClientConfig(undefined, undefined)).toBe(true);
    expect(sameClientConfig({ region: 'eu-west-1' }, { region: 'us-east-1' })).toBe(false);
    expect(sameClientConfig({ region: 'eu-west-1' }, { region: 'eu-west-1', extra: 1 })).toBe(false);
    expect(sameClientConfig({ a: undefined }, { b: undefined })).toBe(false);
    expect(sameClientConfig({ endpoint: {} }, { endpoint: {} })).toBe(false);
    expect(sameClientConfig(undefined, {})).toBe(false);
  });
});

describe('SdkClientCache', () => {
  it('hands out one client per constructor and config, wired to the provider, and destroys them together', () => {
    const cache = new SdkClientCache(provider);
    const before = FakeSdkClient.made;
    const a = cache.get(FakeSdkClient, { region: 'eu-west-1' });
    expect(cache.get(FakeSdkClient, { region: 'eu-west-1' })).toBe(a);
    const b = cache.get(FakeSdkClient, { region: 'us-east-1' });
    const c = cache.get(OtherSdkClient, { region: 'eu-west-1' });
    expect(new Set([a, b, c]).size).toBe(3);
    expect(FakeSdkClient.made - before).toBe(3);
    expect(a.config.credentials).toBe(provider);
    expect(a.config.region).toBe('eu-west-1');

    cache.destroy();
    expect([a.destroyed, b.destroyed, c.destroyed]).toEqual([true, true, true]);
    expect(cache.get(FakeSdkClient, { region: 'eu-west-1' })).not.toBe(a);
  });

  it('keeps its own copy of the config, so mutating the caller object later does not alias', () => {
    const cache = new SdkClientCache(provider);
    const config = { region: 'eu-west-1' };
    const a = cache.get(FakeSdkClient, config);
    config.region = 'us-east-1';
    expect(cache.get(FakeSdkClient, { region: 'eu-west-1' })).toBe(a);
    expect(cache.get(FakeSdkClient, config)).not.toBe(a);
  });
});
