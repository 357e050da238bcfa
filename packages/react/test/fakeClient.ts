import {
  type AwsCredentials,
  type CredentialsClient,
  CredentialsError,
  type CredentialsSnapshot,
  type Listener,
} from '@web-identity/core';
import { onTestFinished, vi } from 'vitest';

/**
 * A stand-in for core's client with the same contract (subscribe + immutable snapshot, one exchange in flight,
 * refresh before expiry). Exchanges take `latencyMs` of (fake) time. Unit tests only.
 */
export class FakeCredentialsClient implements CredentialsClient {
  exchangesStarted = 0;
  subscribeCalls = 0;
  signOutCalls = 0;
  refreshCalls: unknown[][] = [];
  disposed = false;
  readonly listeners = new Set<Listener>();
  private snapshot: CredentialsSnapshot = {
    status: 'signed-out',
    credentials: null,
    identity: null,
    expiresAt: null,
    refreshAt: null,
    error: null,
    exchangeCount: 0,
    origin: null,
  };
  private inFlight: Promise<AwsCredentials> | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private sessionStarted = false;
  private failures: CredentialsError[] = [];

  constructor(
    private readonly opts: {
      latencyMs?: number;
      lifetimeMs?: number;
      refreshBeforeMs?: number;
      subject?: string;
      startOnSubscribe?: boolean;
    } = {},
  ) {
    this.subscribe = this.subscribe.bind(this);
    this.getSnapshot = this.getSnapshot.bind(this);
  }

  readonly provider = async () => this.getCredentials();

  get listenerCount(): number {
    return this.listeners.size;
  }

  failNextExchange(error = new CredentialsError('Throttled', 'STS throttled the exchange.')): void {
    this.failures.push(error);
  }

  getSnapshot(): CredentialsSnapshot {
    return this.snapshot;
  }

  subscribe(listener: Listener): () => void {
    this.subscribeCalls++;
    this.listeners.add(listener);
    if (!this.sessionStarted && this.opts.startOnSubscribe !== false) {
      this.sessionStarted = true;
      this.exchange().catch(() => {});
    }
    return () => {
      this.listeners.delete(listener);
    };
  }

  async getCredentials(): Promise<AwsCredentials> {
    const creds = this.snapshot.credentials;
    return creds ?? this.exchange();
  }

  refresh(...args: unknown[]): Promise<AwsCredentials> {
    this.refreshCalls.push(args);
    this.sessionStarted = true;
    return this.exchange();
  }

  signOut(): void {
    this.signOutCalls++;
    clearTimeout(this.timer);
    this.inFlight = null;
    this.sessionStarted = false;
    this.set({ status: 'signed-out', credentials: null, identity: null, expiresAt: null, refreshAt: null });
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
    this.listeners.clear();
  }

  private set(patch: Partial<CredentialsSnapshot>): void {
    this.snapshot = Object.freeze({ ...this.snapshot, ...patch });
    for (const l of [...this.listeners]) l(this.snapshot);
  }

  private exchange(): Promise<AwsCredentials> {
    if (this.inFlight) return this.inFlight;
    this.exchangesStarted++;
    this.set({ status: this.snapshot.credentials ? 'refreshing' : 'loading' });
    const run = new Promise<AwsCredentials>((resolve, reject) => {
      setTimeout(() => {
        if (this.inFlight !== run) return reject(new CredentialsError('Aborted', 'Signed out.'));
        this.inFlight = null;
        const failure = this.failures.shift();
        if (failure) {
          this.set({ status: this.snapshot.credentials ? 'ready' : 'error', error: failure });
          return reject(failure);
        }
        const lifetime = this.opts.lifetimeMs ?? 3_600_000;
        const expiresAt = new Date(Date.now() + lifetime);
        const refreshAt = new Date(expiresAt.getTime() - (this.opts.refreshBeforeMs ?? 300_000));
        const credentials: AwsCredentials = {
          accessKeyId: `ASIAFAKE${String(this.exchangesStarted).padStart(8, '0')}`,
          secretAccessKey: 'fake-secret',
          sessionToken: 'fake-session-token',
          expiration: expiresAt,
        };
        this.set({
          status: 'ready',
          credentials,
          identity: { subject: this.opts.subject ?? 'alice', provider: 'https://idp.test' },
          expiresAt,
          refreshAt,
          error: null,
          exchangeCount: this.snapshot.exchangeCount + 1,
        });
        clearTimeout(this.timer);
        this.timer = setTimeout(() => this.exchange().catch(() => {}), refreshAt.getTime() - Date.now());
        resolve(credentials);
      }, this.opts.latencyMs ?? 100);
    });
    this.inFlight = run;
    return run;
  }
}

/** For tests that expect a render to throw: keeps React's (and jsdom's) error reports out of the output. */
export function quietRenderErrors(): void {
  vi.spyOn(console, 'error').mockImplementation(() => {});
  const swallow = (event: ErrorEvent) => event.preventDefault();
  window.addEventListener('error', swallow);
  onTestFinished(() => window.removeEventListener('error', swallow));
}
