import {
  type AwsCredentials,
  type CredentialsClient,
  CredentialsError,
  type CredentialsSnapshot,
  type Listener,
} from '@web-identity/core';

/**
 * A small hand-driven `CredentialsClient` for adapter unit tests: every exchange waits `exchangeMs` on
 * (fake) timers, lives `lifetimeMs`, and is refreshed `refreshBeforeMs` before expiry. `failNext` makes the
 * next exchanges fail. It is not core; it only has to honour the contract the adapter relies on.
 */
export class FakeClient implements CredentialsClient {
  exchangesStarted = 0;
  subscribeCalls = 0;
  signOutCalls = 0;
  disposed = false;
  failNext: CredentialsError[] = [];
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
  private inflight: Promise<AwsCredentials> | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private session = 0;

  constructor(
    private readonly opts: {
      exchangeMs?: number;
      lifetimeMs?: number;
      refreshBeforeMs?: number;
      signedIn?: boolean;
    } = {},
  ) {
    this.getSnapshot = this.getSnapshot.bind(this);
    this.subscribe = this.subscribe.bind(this);
  }

  readonly provider = async () => {
    const c = await this.getCredentials();
    return {
      accessKeyId: c.accessKeyId,
      secretAccessKey: c.secretAccessKey,
      sessionToken: c.sessionToken,
      expiration: c.expiration,
    };
  };

  getSnapshot(): CredentialsSnapshot {
    return this.snapshot;
  }

  subscribe(listener: Listener): () => void {
    this.subscribeCalls++;
    this.listeners.add(listener);
    if (
      this.snapshot.status === 'signed-out' &&
      !this.inflight &&
      this.opts.signedIn !== false &&
      this.session === 0
    ) {
      this.getCredentials().catch(() => {});
    }
    return () => {
      this.listeners.delete(listener);
    };
  }

  getCredentials(): Promise<AwsCredentials> {
    if (this.snapshot.credentials) return Promise.resolve(this.snapshot.credentials);
    return this.exchange();
  }

  refresh(): Promise<AwsCredentials> {
    return this.exchange();
  }

  signOut(): void {
    this.signOutCalls++;
    this.session++;
    this.inflight = null;
    clearTimeout(this.timer);
    this.set({
      status: 'signed-out',
      credentials: null,
      identity: null,
      expiresAt: null,
      refreshAt: null,
      error: null,
    });
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
    this.listeners.clear();
  }

  private exchange(): Promise<AwsCredentials> {
    if (this.inflight) return this.inflight;
    if (this.opts.signedIn === false) {
      return Promise.reject(new CredentialsError('NoIdentityToken', 'No signed-in user.'));
    }
    const session = ++this.session;
    this.exchangesStarted++;
    this.set({ status: this.snapshot.credentials ? 'refreshing' : 'loading', refreshAt: null });
    const n = this.exchangesStarted;
    this.inflight = new Promise<AwsCredentials>((resolve, reject) => {
      setTimeout(() => {
        if (session !== this.session) return reject(new CredentialsError('Aborted', 'Signed out.'));
        this.inflight = null;
        const failure = this.failNext.shift();
        if (failure) {
          const usable = this.snapshot.credentials !== null;
          this.set({ status: usable ? 'ready' : 'error', error: failure });
          return reject(failure);
        }
        const now = Date.now();
        const expiresAt = new Date(now + (this.opts.lifetimeMs ?? 60_000));
        const refreshAt = new Date(expiresAt.getTime() - (this.opts.refreshBeforeMs ?? 20_000));
        const credentials: AwsCredentials = {
          accessKeyId: `ASIAFAKE${String(n).padStart(8, '0')}`,
          secretAccessKey: `secret-${n}`,
          sessionToken: `token-${n}`,
          expiration: expiresAt,
        };
        this.set({
          status: 'ready',
          credentials,
          identity: {
            subject: 'alice',
            provider: 'https://idp.test',
            assumedRoleArn: 'arn:aws:sts::1:assumed-role/R/alice',
          },
          expiresAt,
          refreshAt,
          error: null,
          exchangeCount: this.snapshot.exchangeCount + 1,
        });
        clearTimeout(this.timer);
        this.timer = setTimeout(() => this.refresh().catch(() => {}), refreshAt.getTime() - now);
        resolve(credentials);
      }, this.opts.exchangeMs ?? 100);
    });
    return this.inflight;
  }

  private set(patch: Partial<CredentialsSnapshot>): void {
    this.snapshot = Object.freeze({ ...this.snapshot, ...patch });
    for (const l of [...this.listeners]) l(this.snapshot);
  }
}
