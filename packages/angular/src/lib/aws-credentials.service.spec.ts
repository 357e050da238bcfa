import {
  Component,
  createEnvironmentInjector,
  EnvironmentInjector,
  inject,
  provideZonelessChangeDetection,
} from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { CredentialsError } from '@web-identity/core';
import { SNAPSHOT_FIELDS } from '@web-identity/core/internal';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeClient, throttled } from '../../test/fake-client';
import { AwsCredentialsService } from './aws-credentials.service';
import { provideAwsCredentials } from './provide-aws-credentials';
import { AWS_CREDENTIALS_CLIENT } from './tokens';

function setup(client = new FakeClient()) {
  TestBed.configureTestingModule({
    providers: [provideZonelessChangeDetection(), provideAwsCredentials(() => client)],
  });
  return { client, aws: TestBed.inject(AwsCredentialsService) };
}

/** Fake timers in every test; a fresh TestBed after each. */
function withFakeTimers() {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    TestBed.resetTestingModule();
    vi.useRealTimers();
  });
}

describe('AwsCredentialsService state', () => {
  withFakeTimers();

  it("has one signal per field of core's snapshot (its SNAPSHOT_FIELDS), following it", async () => {
    const { client, aws } = setup();
    void aws.provider();
    await vi.advanceTimersByTimeAsync(100);
    expect(client.snapshot.status).toBe('ready');
    for (const k of SNAPSHOT_FIELDS) expect((aws[k] as () => unknown)(), k).toBe(client.snapshot[k]);
  });

  it('fails loudly when provideAwsCredentials() is missing', () => {
    TestBed.configureTestingModule({ providers: [provideZonelessChangeDetection()] });
    expect(() => TestBed.inject(AwsCredentialsService)).toThrow(/provideAwsCredentials/);
  });

  it('exposes the client as AWS_CREDENTIALS_CLIENT and a provider that asks it', async () => {
    const { client, aws } = setup();
    expect(TestBed.inject(AWS_CREDENTIALS_CLIENT)).toBe(client);
    const fromProvider = aws.provider();
    await vi.advanceTimersByTimeAsync(100);
    await expect(fromProvider).resolves.toBe(client.snapshot.credentials);
    expect(client.snapshot.exchangeCount).toBe(1);
  });

  it('follows every transition in its signals and observables', async () => {
    const { client, aws } = setup(new FakeClient(100, 60_000, 10_000));
    const start = Date.now();
    const statuses: string[] = [];
    const keys: (string | null)[] = [];
    const snapshots: number[] = [];
    aws.status$.subscribe((s) => statuses.push(s));
    aws.credentials$.subscribe((c) => keys.push(c?.accessKeyId ?? null));
    aws.snapshot$.subscribe((s) => snapshots.push(s.exchangeCount));

    expect(client.listeners.size).toBe(1);
    expect(aws.status()).toBe('signed-out');
    expect(aws.credentials()).toBeNull();
    expect(aws.identity()).toBeNull();

    void aws.refresh();
    expect(aws.status()).toBe('loading');
    await vi.advanceTimersByTimeAsync(100);
    expect(aws.status()).toBe('ready');
    expect(aws.credentials()?.accessKeyId).toBe('ASIA0001');
    expect(aws.expiresAt()?.getTime()).toBe(start + 100 + 60_000);
    expect(aws.refreshAt()?.getTime()).toBe(start + 100 + 50_000);
    expect(aws.identity()?.subject).toBe('alice');
    expect(aws.exchangeCount()).toBe(1);
    expect(aws.error()).toBeNull();

    // Background refresh planned by the (fake) core scheduler.
    await vi.advanceTimersByTimeAsync(50_000);
    expect(aws.status()).toBe('refreshing');
    expect(aws.credentials()?.accessKeyId).toBe('ASIA0001');
    await vi.advanceTimersByTimeAsync(100);
    expect(aws.status()).toBe('ready');
    expect(aws.credentials()?.accessKeyId).toBe('ASIA0002');
    expect(aws.exchangeCount()).toBe(2);

    // A failing background refresh keeps the keys and reports the error while ready.
    client.failNext = throttled();
    await vi.advanceTimersByTimeAsync(50_000 + 100);
    expect(aws.status()).toBe('ready');
    expect(aws.credentials()?.accessKeyId).toBe('ASIA0002');
    expect(aws.error()?.code).toBe('Throttled');
    expect(aws.refreshAt()?.getTime()).toBe(Date.now() + 5_000);

    // The retry succeeds and clears the error.
    await vi.advanceTimersByTimeAsync(5_000 + 100);
    expect(aws.error()).toBeNull();
    expect(aws.credentials()?.accessKeyId).toBe('ASIA0003');

    aws.signOut();
    expect(aws.status()).toBe('signed-out');
    expect(aws.credentials()).toBeNull();
    expect(aws.expiresAt()).toBeNull();

    // A failed first exchange: loading -> error, no keys.
    client.failNext = throttled();
    const outcome = aws.refresh();
    expect(aws.status()).toBe('loading');
    await vi.advanceTimersByTimeAsync(100);
    await expect(outcome).resolves.toBeUndefined();
    expect(aws.status()).toBe('error');
    expect(aws.error()).toBeInstanceOf(CredentialsError);

    expect(statuses).toEqual([
      'signed-out',
      'loading',
      'ready',
      'refreshing',
      'ready',
      'refreshing',
      'ready',
      'refreshing',
      'ready',
      'signed-out',
      'loading',
      'error',
    ]);
    expect(keys).toEqual([null, 'ASIA0001', 'ASIA0002', 'ASIA0003', null]);
    expect(snapshots.at(0)).toBe(0);
    expect(snapshots.at(-1)).toBe(3);
  });

  it('starts observables with the current value for late subscribers', async () => {
    const { aws } = setup();
    void aws.refresh();
    await vi.advanceTimersByTimeAsync(100);
    const statuses: string[] = [];
    aws.status$.subscribe((s) => statuses.push(s));
    expect(statuses).toEqual(['ready']);
  });
});

describe('AwsCredentialsService actions and lifetime', () => {
  withFakeTimers();

  it('getCredentials() passes the credentials and the CredentialsError through', async () => {
    const { client, aws } = setup();
    const ok = aws.getCredentials();
    await vi.advanceTimersByTimeAsync(100);
    await expect(ok).resolves.toBe(client.snapshot.credentials);
    client.signOut();
    client.failNext = new CredentialsError('AccessDenied', 'Not authorized to assume the role');
    const failed = aws.getCredentials();
    const assertion = expect(failed).rejects.toMatchObject({ code: 'AccessDenied' });
    await vi.advanceTimersByTimeAsync(100);
    await assertion;
  });

  it('refresh() and signOut() ignore their arguments and never reject or throw', async () => {
    const { client, aws } = setup();
    client.refresh = () => {
      throw new Error('synchronous failure');
    };
    client.signOut = () => {
      throw new Error('synchronous failure');
    };
    const refresh: (event: unknown) => Promise<void> = aws.refresh;
    const signOut: (event: unknown) => void = aws.signOut;
    await expect(refresh(new Event('click'))).resolves.toBeUndefined();
    expect(() => signOut(new Event('click'))).not.toThrow();
  });

  it('renders signal changes in a zoneless component (the scheduler reacts to the signals)', async () => {
    vi.useRealTimers();
    @Component({
      selector: 'wi-status',
      template: `<p>{{ aws.status() }} {{ aws.credentials()?.accessKeyId ?? '-' }} {{ aws.exchangeCount() }}</p>`,
    })
    class StatusComponent {
      readonly aws = inject(AwsCredentialsService);
    }
    const { aws } = setup(new FakeClient(1));
    const fixture = TestBed.createComponent(StatusComponent);
    await fixture.whenStable();
    expect(fixture.nativeElement.textContent.trim()).toBe('signed-out - 0');
    void aws.refresh();
    await fixture.whenStable();
    expect(fixture.nativeElement.textContent.trim()).toBe('loading - 0');
    await aws.getCredentials();
    await fixture.whenStable();
    expect(fixture.nativeElement.textContent.trim()).toBe('ready ASIA0001 1');
  });

  it('stops listening when its injector is destroyed, and never disposes a factory-provided client', () => {
    TestBed.configureTestingModule({ providers: [provideZonelessChangeDetection()] });
    const client = new FakeClient();
    const injector = createEnvironmentInjector(
      [provideAwsCredentials(() => client)],
      TestBed.inject(EnvironmentInjector),
    );
    const aws = injector.get(AwsCredentialsService);
    let completed = false;
    aws.snapshot$.subscribe({ complete: () => (completed = true) });
    expect(client.listeners.size).toBe(1);
    injector.destroy();
    expect(client.listeners.size).toBe(0);
    expect(completed).toBe(true);
    expect(client.disposed).toBe(0);
    client.set({ status: 'loading' });
    expect(aws.status()).toBe('signed-out');
  });
});
