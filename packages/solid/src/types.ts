import type { CredentialsClient, CredentialsSnapshot } from '@web-identity/core';
import type { SnapshotField } from '@web-identity/core/internal';
import type { Accessor } from 'solid-js';

/** One accessor per field of core's snapshot (core's `SNAPSHOT_FIELDS`). */
export type SnapshotAccessors = { readonly [K in SnapshotField]: Accessor<CredentialsSnapshot[K]> };

/**
 * What `useAwsCredentials()` returns: one accessor (signal getter) per snapshot field, the whole `snapshot`, safe
 * actions, the SDK `provider` and the `client`. Test `credentials() != null` for "usable".
 *
 * @example
 * const { status, credentials, refresh }: AwsCredentialsAccessors = useAwsCredentials();
 */
export interface AwsCredentialsAccessors extends SnapshotAccessors {
  /** The whole immutable snapshot, for code that wants every field at once. */
  readonly snapshot: Accessor<CredentialsSnapshot>;
  /**
   * Forces a new exchange (call it after the user signs in with the IdP). Ignores its arguments and never
   * rejects, so `onClick={refresh}` is safe: the outcome shows in `status()` and `error()`.
   */
  refresh(..._ignored: unknown[]): Promise<void>;
  /** Wipes the credentials and stops refreshing. Ignores its arguments, never throws. */
  signOut(..._ignored: unknown[]): void;
  /** For any AWS SDK v3 client: `new S3Client({ credentials: provider })`. */
  readonly provider: CredentialsClient['provider'];
  /** The underlying core client, for `await client.getCredentials()` in imperative code. */
  readonly client: CredentialsClient;
}
