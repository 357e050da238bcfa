import {
  createEnvironmentInjector,
  EnvironmentInjector,
  Injector,
  provideZonelessChangeDetection,
} from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClient } from '../../test/fake-client';
import { AwsCredentialsService } from './aws-credentials.service';
import { injectAwsClient } from './inject-aws-client';
import { provideAwsCredentials } from './provide-aws-credentials';

/** Shaped like an AWS SDK v3 client: one optional config object, `destroy()`. */
class FakeSdkClient {
  destroyed = false;
  constructor(readonly config: { region?: string; endpoint?: string; credentials?: unknown } = {}) {}
  destroy(): void {
    this.destroyed = true;
  }
}
class OtherSdkClient extends FakeSdkClient {}

describe('injectAwsClient', () => {
  afterEach(() => TestBed.resetTestingModule());

  function setup() {
    const client = new FakeClient();
    TestBed.configureTestingModule({
      providers: [provideZonelessChangeDetection(), provideAwsCredentials(() => client)],
    });
    return client;
  }

  it('wires the client to the service provider', async () => {
    const client = setup();
    const s3 = TestBed.runInInjectionContext(() => injectAwsClient(FakeSdkClient, { region: 'eu-west-1' }));
    expect(s3).toBeInstanceOf(FakeSdkClient);
    expect(s3.config.credentials).toBe(TestBed.inject(AwsCredentialsService).provider);
    const credentials = await (s3.config.credentials as () => Promise<unknown>)();
    expect(credentials).toBe(client.snapshot.credentials);
    expect(s3.config.region).toBe('eu-west-1');
  });

  it('memoises by constructor and a shallow comparison of config', () => {
    setup();
    const [a, b, c, d] = TestBed.runInInjectionContext(() => [
      injectAwsClient(FakeSdkClient, { region: 'eu-west-1' }),
      injectAwsClient(FakeSdkClient, { region: 'eu-west-1' }),
      injectAwsClient(FakeSdkClient, { region: 'us-east-1' }),
      injectAwsClient(OtherSdkClient, { region: 'eu-west-1' }),
    ]);
    expect(b).toBe(a);
    expect(c).not.toBe(a);
    expect(d).not.toBe(a);
    expect(d).toBeInstanceOf(OtherSdkClient);
  });

  it('accepts an explicit injector outside an injection context', () => {
    setup();
    const injector = TestBed.inject(Injector);
    const a = injectAwsClient(FakeSdkClient, {}, { injector });
    const b = TestBed.runInInjectionContext(() => injectAwsClient(FakeSdkClient, {}));
    expect(b).toBe(a);
  });

  it('throws outside an injection context without an injector', () => {
    setup();
    expect(() => injectAwsClient(FakeSdkClient, {})).toThrow(/injection context/);
  });

  it('destroys its SDK clients with the injector', () => {
    TestBed.configureTestingModule({ providers: [provideZonelessChangeDetection()] });
    const injector = createEnvironmentInjector(
      [provideAwsCredentials(() => new FakeClient())],
      TestBed.inject(EnvironmentInjector),
    );
    const s3 = injectAwsClient(FakeSdkClient, { region: 'eu-west-1' }, { injector });
    expect(s3.destroyed).toBe(false);
    injector.destroy();
    expect(s3.destroyed).toBe(true);
  });
});
