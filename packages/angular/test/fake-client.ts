import type { AwsCredentials, CredentialsClient, CredentialsSnapshot, Listener } from '@web-identity/core';
import { CredentialsError } from '@web-identity/core';

/** Builds plain credentials for unit tests (no secret ever leaves these tests). */
export function fakeCredentials(id: string, expiration: Date): AwsCredentials {
  return {
    accessKeyId: `ASIA${id}`,
    secretAccessKey: `secret-${id}`,
    sessionToken: `token-${id}`,
    expiration,
  };
}

export const SIGNED_OUT: CredentialsSnapshot = Object.freeze({
  status: 'signed-out',
  credentials: null,
  identity: null,
  expiresAt: null,
  refreshAt: null,
  error: null,
  exchangeCount: 0,
  origin: null,
});

/**
 * A CredentialsClient driven by timers, standing in for core in unit tests: `refresh()` goes
 * loading/refreshing -> ready after `exchangeMs`, and a background refresh is scheduled at `refreshAt`.
 * `failNext` makes the next exchange fail.
 */
export class FakeClient implements CredentialsClient {
  snapshot: CredentialsSnapshot = SIGNED_OUT;
  readonly listeners = new Set<Listener>();
  subscribeCalls = 0;
  disposed = 0;
  signOutCalls = 0;
  failNext: CredentialsError | null = null;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #inflight: Promise<AwsCredentials> | null = null;

  constructor(
    readonly exchangeMs = 100,
    readonly lifetimeMs = 60_000,
    readonly refreshBeforeMs = 10_000,
  ) {}

  readonly provider = async (): Promise<AwsCredentials> => this.getCredentials();

  getSnapshot = (): CredentialsSnapshot => this.snapshot;

  subscribe = (listener: Listener): (() => void) => {
    this.subscribeCalls++;
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  set(patch: Partial<CredentialsSnapshot>): void {
    this.snapshot = Object.freeze({ ...this.snapshot, ...patch });
    for (const listener of [...this.listeners]) listener(this.snapshot);
  }

  getCredentials(): Promise<AwsCredentials> {
    if (this.snapshot.credentials) return Promise.resolve(this.snapshot.credentials);
    return this.refresh();
  }

  refresh(): Promise<AwsCredentials> {
    if (this.#inflight) return this.#inflight;
    clearTimeout(this.#timer);
    this.set({ status: this.snapshot.credentials ? 'refreshing' : 'loading', refreshAt: null });
    this.#inflight = new Promise<AwsCredentials>((resolve, reject) => {
      setTimeout(() => {
        this.#inflight = null;
        const failure = this.failNext;
        this.failNext = null;
        if (failure) {
          const retryAt = new Date(Date.now() + 5_000);
          this.set({
            status: this.snapshot.credentials ? 'ready' : 'error',
            error: failure,
            refreshAt: retryAt,
          });
          this.#timer = setTimeout(() => void this.refresh().catch(() => {}), 5_000);
          reject(failure);
          return;
        }
        const count = this.snapshot.exchangeCount + 1;
        const expiresAt = new Date(Date.now() + this.lifetimeMs);
        const refreshAt = new Date(expiresAt.getTime() - this.refreshBeforeMs);
        const credentials = fakeCredentials(String(count).padStart(4, '0'), expiresAt);
        this.set({
          status: 'ready',
          credentials,
          identity: { subject: 'alice', provider: 'http://idp.test', assumedRoleArn: 'arn:test' },
          expiresAt,
          refreshAt,
          error: null,
          exchangeCount: count,
          origin: 'exchange',
        });
        this.#timer = setTimeout(() => void this.refresh().catch(() => {}), refreshAt.getTime() - Date.now());
        resolve(credentials);
      }, this.exchangeMs);
    });
    return this.#inflight;
  }

  signOut(): void {
    this.signOutCalls++;
    clearTimeout(this.#timer);
    this.#inflight = null;
    this.set({ ...SIGNED_OUT, exchangeCount: this.snapshot.exchangeCount });
  }

  dispose(): void {
    this.disposed++;
    clearTimeout(this.#timer);
    this.listeners.clear();
  }
}

export const throttled = (): CredentialsError => new CredentialsError('Throttled', 'STS is throttling');
