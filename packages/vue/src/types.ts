import type {
  AwsCredentials,
  CredentialsClient,
  CredentialsError,
  CredentialsIdentity,
  CredentialsOrigin,
  CredentialsSnapshot,
  CredentialsStatus,
} from '@web-identity/core';
import type { SnapshotField } from '@web-identity/core/internal';
import type { ShallowRef } from 'vue';

/** A ref the caller can read and watch but not assign. */
export type ReadonlyShallowRef<T> = Readonly<ShallowRef<T>>;

/** One readonly shallow ref per field of core's snapshot (core's `SNAPSHOT_FIELDS`). */
export type SnapshotRefs = { readonly [K in SnapshotField]: ReadonlyShallowRef<CredentialsSnapshot[K]> };

/** What `useAwsCredentials()` returns: one readonly shallow ref per snapshot field, plus the actions. */
export interface UseAwsCredentialsReturn extends SnapshotRefs {
  /** Usable keys or `null`. Test `credentials.value != null` for "usable"; pass the object itself, never a copy. */
  readonly credentials: ReadonlyShallowRef<AwsCredentials | null>;
  readonly status: ReadonlyShallowRef<CredentialsStatus>;
  /** The last failure, kept while `ready` if a background refresh failed; cleared by the next success. */
  readonly error: ReadonlyShallowRef<CredentialsError | null>;
  readonly expiresAt: ReadonlyShallowRef<Date | null>;
  /** The next planned attempt, including a backoff retry. */
  readonly refreshAt: ReadonlyShallowRef<Date | null>;
  readonly identity: ReadonlyShallowRef<CredentialsIdentity | null>;
  readonly exchangeCount: ReadonlyShallowRef<number>;
  /** Where the keys in hand came from: `exchange` (this tab) or `peer` (another tab); `null` without keys. */
  readonly origin: ReadonlyShallowRef<CredentialsOrigin | null>;
  /** The whole immutable snapshot, for code that wants every field at once. */
  readonly snapshot: ReadonlyShallowRef<CredentialsSnapshot>;
  /**
   * Force a new exchange (call it after the user signs in with the IdP). Ignores its arguments and never
   * rejects, so `@click="refresh"` is safe: the outcome shows in `status` and `error`.
   */
  refresh(..._ignored: unknown[]): Promise<void>;
  /** Wipe the credentials and stop refreshing. Ignores its arguments, never throws. */
  signOut(..._ignored: unknown[]): void;
  /** For any AWS SDK v3 client: `new S3Client({ credentials: provider })`. */
  readonly provider: CredentialsClient['provider'];
  /** The underlying core client, for `await client.getCredentials()` in imperative code. */
  readonly client: CredentialsClient;
}
