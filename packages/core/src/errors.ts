/** Stable error codes. Retryable: Throttled, ServerError, Network, IdpUnreachable. */
export type CredentialsErrorCode =
  | 'Throttled'
  | 'ServerError'
  | 'Network'
  | 'IdpUnreachable'
  | 'InvalidIdentityToken'
  | 'ExpiredIdentityToken'
  | 'NotAnIdToken'
  | 'AccessDenied'
  | 'RegionDisabled'
  | 'Configuration'
  | 'NoIdentityToken'
  | 'GuestAccessDisabled'
  | 'Aborted';

/** Where every code is explained, with what to do. */
export const ERROR_DOCS = 'https://github.com/web-identity/web-identity/tree/main/packages/core#error-codes';

const RETRYABLE: ReadonlySet<CredentialsErrorCode> = new Set([
  'Throttled',
  'ServerError',
  'Network',
  'IdpUnreachable',
]);

/**
 * The one error type the library throws. `message` says what to do and never holds a token or secret.
 *
 * @example
 * try { await client.getCredentials(); }
 * catch (e) { if (e instanceof CredentialsError && e.code === 'NotAnIdToken') fixMyGetIdToken(); }
 */
export class CredentialsError extends Error {
  readonly code: CredentialsErrorCode;
  readonly retryable: boolean;
  /** When the scheduler will try again (backoff), if it will. */
  readonly retryAt: Date | undefined;

  constructor(
    code: CredentialsErrorCode,
    message: string,
    options: { cause?: unknown; retryAt?: Date } = {},
  ) {
    // Production bundles drop the advice texts: the message is then the code and where it is explained.
    super(
      message || `${code}: see ${ERROR_DOCS}`,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.name = 'CredentialsError';
    this.code = code;
    this.retryable = RETRYABLE.has(code);
    this.retryAt = options.retryAt;
  }
}
