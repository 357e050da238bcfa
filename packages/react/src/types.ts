import type { CredentialsClient, CredentialsSnapshot } from '@web-identity/core';

/**
 * What `useAwsCredentials()` returns: the current snapshot's fields plus safe actions and the SDK provider.
 *
 * @example
 * const { credentials, status, error, refresh }: AwsCredentialsState = useAwsCredentials();
 */
export interface AwsCredentialsState extends CredentialsSnapshot {
  /**
   * Forces a new exchange (call it after the user signs in with the IdP). Ignores its arguments, so
   * `onClick={refresh}` is safe; never rejects: the outcome shows in `status` and `error`.
   */
  refresh: () => Promise<void>;
  /** Wipes the credentials and aborts any exchange in flight. Ignores its arguments. */
  signOut: () => void;
  /** For any AWS SDK v3 client: `new S3Client({ credentials: provider })`. Stable per client. */
  provider: CredentialsClient['provider'];
}
