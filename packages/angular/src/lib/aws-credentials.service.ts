import { isPlatformServer } from '@angular/common';
import {
  computed,
  DestroyRef,
  Injectable,
  inject,
  NgZone,
  PLATFORM_ID,
  type Signal,
  signal,
} from '@angular/core';
import type {
  AwsCredentials,
  CredentialsClient,
  CredentialsError,
  CredentialsIdentity,
  CredentialsOrigin,
  CredentialsSnapshot,
  CredentialsStatus,
} from '@web-identity/core';
import {
  quietActions,
  SdkClientCache,
  SERVER_CLIENT,
  SNAPSHOT_FIELDS,
  type SnapshotField,
} from '@web-identity/core/internal';
import { BehaviorSubject, distinctUntilChanged, map, type Observable } from 'rxjs';
import { AWS_CREDENTIALS_CLIENT, missingProvider } from './tokens';

/**
 * The signed-in user's temporary AWS credentials as Angular signals and RxJS observables.
 * A thin view of one `CredentialsClient` from `@web-identity/core`: every decision about expiry,
 * refresh and retries is the core's. Provided by `provideAwsCredentials()`; the subscription to the
 * client ends when its injector is destroyed. On the server it stays `signed-out` and never touches
 * the client's session.
 *
 * Test `credentials() != null` (or `status()` is `ready` / `refreshing`) for "usable".
 *
 * @example
 * ```ts
 * @Component({
 *   template: `@if (aws.credentials()) { <p>Signed in as {{ aws.identity()?.subject }}</p> }
 *              <button (click)="aws.refresh()">Refresh</button>`,
 * })
 * export class Panel {
 *   readonly aws = inject(AwsCredentialsService);
 * }
 * ```
 */
@Injectable({ providedIn: 'root', useFactory: missingProvider })
export class AwsCredentialsService {
  readonly #client: CredentialsClient;
  readonly #zone: NgZone;
  readonly #state: ReturnType<typeof signal<CredentialsSnapshot>>;
  readonly #subject: BehaviorSubject<CredentialsSnapshot>;
  /** @internal */
  readonly ɵsdkClients: SdkClientCache;

  /** The whole current snapshot (immutable; a new object on every change). */
  readonly snapshot: Signal<CredentialsSnapshot>;
  /** Usable credentials, or `null`. Never expired. Pass the object (or `provider`) on, never a copy. */
  declare readonly credentials: Signal<AwsCredentials | null>;
  /** `signed-out` | `loading` | `ready` | `refreshing` | `error`. */
  declare readonly status: Signal<CredentialsStatus>;
  /** The last failure, kept while `ready` after a failed background refresh; cleared by the next success. */
  declare readonly error: Signal<CredentialsError | null>;
  /** When the current credentials expire (local clock). */
  declare readonly expiresAt: Signal<Date | null>;
  /** The next planned refresh attempt, including a backoff retry. */
  declare readonly refreshAt: Signal<Date | null>;
  /** Who the credentials belong to (subject, provider, assumed role ARN, ...). */
  declare readonly identity: Signal<CredentialsIdentity | null>;
  /** Exchanges completed by the client. */
  declare readonly exchangeCount: Signal<number>;
  /** Where the keys in hand came from: `exchange` (this tab) or `peer` (another tab); `null` without keys. */
  declare readonly origin: Signal<CredentialsOrigin | null>;

  /** Every snapshot, starting with the current one. Completes when the injector is destroyed. */
  readonly snapshot$: Observable<CredentialsSnapshot>;
  /** Usable credentials or `null`, emitted on change, starting with the current value. */
  readonly credentials$: Observable<AwsCredentials | null>;
  /** The status, emitted on change, starting with the current value. */
  readonly status$: Observable<CredentialsStatus>;

  /** For any AWS SDK v3 client: `new S3Client({ region, credentials: aws.provider })`. */
  readonly provider: CredentialsClient['provider'];

  /**
   * Force a new exchange: call it after the user signed in with the IdP (`await aws.refresh()`). Never
   * rejects, so `(click)="aws.refresh()"` is safe: the outcome shows in `status()` / `error()`.
   */
  readonly refresh: () => Promise<void>;
  /** Wipe the credentials, abort any exchange, stop timers; never throws. Sign out of the IdP too. */
  readonly signOut: () => void;

  constructor() {
    const onServer = isPlatformServer(inject(PLATFORM_ID));
    // On the server nobody is signed in: the client is not even created (no session, no globals).
    const client = onServer ? SERVER_CLIENT : inject(AWS_CREDENTIALS_CLIENT);
    const destroyRef = inject(DestroyRef);
    const zone = inject(NgZone);
    this.#client = client;
    this.#zone = zone;
    // Every call into the client runs outside Angular's zone: the refresh timers it starts must not keep
    // zone.js apps "unstable" (whenStable, hydration). Signals schedule change detection on their own.
    this.provider = (options) => zone.runOutsideAngular(() => client.provider(options));
    const actions = quietActions(client, (fn) => zone.runOutsideAngular(fn));
    this.refresh = actions.refresh;
    this.signOut = actions.signOut;

    const initial = client.getSnapshot();
    this.#state = signal(initial);
    this.#subject = new BehaviorSubject(initial);
    this.snapshot = this.#state.asReadonly();
    // One computed signal per snapshot field, from core's list of them.
    const pick = <K extends SnapshotField>(key: K): Signal<CredentialsSnapshot[K]> =>
      computed(() => this.#state()[key]);
    Object.assign(this, Object.fromEntries(SNAPSHOT_FIELDS.map((k) => [k, pick(k)])));

    this.snapshot$ = this.#subject.asObservable();
    const field$ = <K extends keyof CredentialsSnapshot>(key: K): Observable<CredentialsSnapshot[K]> =>
      this.#subject.pipe(
        map((s) => s[key]),
        distinctUntilChanged(),
      );
    this.credentials$ = field$('credentials');
    this.status$ = field$('status');

    this.ɵsdkClients = new SdkClientCache(this.provider);
    const unsubscribe = onServer ? () => {} : zone.runOutsideAngular(() => client.subscribe(this.#publish));
    if (!onServer) this.#publish(client.getSnapshot());
    destroyRef.onDestroy(() => {
      unsubscribe();
      this.ɵsdkClients.destroy();
      this.#subject.complete();
    });
  }

  readonly #publish = (snapshot: CredentialsSnapshot): void => {
    if (snapshot === this.#subject.value) return;
    this.#state.set(snapshot);
    this.#subject.next(snapshot);
  };

  /** Fresh credentials (`await aws.getCredentials()`); callers share one exchange. Rejects with `CredentialsError`. */
  getCredentials(): Promise<AwsCredentials> {
    return this.#zone.runOutsideAngular(() => this.#client.getCredentials());
  }
}
