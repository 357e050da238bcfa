import type { CredentialsClient, CredentialsSnapshot } from '@web-identity/core';

/**
 * What `getAwsCredentials()` returns: every field of core's snapshot as a reactive getter, plus the whole
 * `snapshot`, safe actions, the SDK `provider` and the `client`. Read fields through the object
 * (`creds.status`); destructuring copies the values once and loses reactivity, as with any Svelte 5 state.
 *
 * @example
 * const creds: AwsCredentialsState = getAwsCredentials();
 * $effect(() => console.log(creds.status));
 */
export interface AwsCredentialsState extends Readonly<CredentialsSnapshot> {
  /** The whole immutable snapshot, for code that wants every field at once. */
  readonly snapshot: CredentialsSnapshot;
  /**
   * Forces a new exchange (call it after the user signs in with the IdP). Ignores its arguments and never
   * rejects, so `onclick={creds.refresh}` is safe: the outcome shows in `status` and `error`.
   */
  refresh(..._ignored: unknown[]): Promise<void>;
  /** Wipes the credentials and stops refreshing. Ignores its arguments, never throws. */
  signOut(..._ignored: unknown[]): void;
  /** For any AWS SDK v3 client: `new S3Client({ credentials: provider })`. */
  readonly provider: CredentialsClient['provider'];
  /** The underlying core client, for `await client.getCredentials()` in imperative code. */
  readonly client: CredentialsClient;
}
