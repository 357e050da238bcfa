import { CredentialsError, type CredentialsErrorCode } from '@web-identity/core';

/** The OAuth 2.0 bearer error (RFC 6750 §3.1) an HTTP answer carries, if any. */
export type BearerErrorCode = 'invalid_request' | 'invalid_token' | 'insufficient_scope';

/**
 * A `CredentialsError` that knows its HTTP answer. Everything this package rejects a request with is one;
 * errors from core's sources are mapped by `toHttpProblem()`.
 *
 * @example
 * app.use((err, req, res, next) => {
 *   if (err instanceof HttpCredentialsError) return res.status(err.status).json({ code: err.code });
 *   next(err);
 * });
 */
export class HttpCredentialsError extends CredentialsError {
  readonly status: number;
  readonly bearerError: BearerErrorCode | undefined;
  /** Seconds, for `Retry-After`. */
  readonly retryAfterSec: number | undefined;

  constructor(
    code: CredentialsErrorCode,
    message: string,
    options: {
      status: number;
      bearerError?: BearerErrorCode;
      retryAfterSec?: number;
      cause?: unknown;
    },
  ) {
    super(code, message, options.cause === undefined ? {} : { cause: options.cause });
    this.name = 'HttpCredentialsError';
    this.status = options.status;
    this.bearerError = options.bearerError;
    this.retryAfterSec = options.retryAfterSec;
  }
}

/** `401` + `invalid_token` with a description that says what is wrong. */
export function invalidToken(
  code: 'InvalidIdentityToken' | 'ExpiredIdentityToken' | 'NotAnIdToken',
  message: string,
  cause?: unknown,
): HttpCredentialsError {
  return new HttpCredentialsError(code, message, { status: 401, bearerError: 'invalid_token', cause });
}

/** `400` + `invalid_request`. */
export function invalidRequest(message: string): HttpCredentialsError {
  return new HttpCredentialsError('InvalidIdentityToken', message, {
    status: 400,
    bearerError: 'invalid_request',
  });
}

/** What may be said of any failure, in logs and answers alike. */
export interface ErrorSummary {
  /** The `CredentialsError` code; `InternalError` for anything else. */
  code: string;
  /** The error's message; a fixed sentence for anything but a `CredentialsError` (its message might hold secrets). */
  message: string;
  retryable: boolean;
}

/**
 * The code, message and retryability of any error, with no HTTP in it: what the broker logs and what the HTTP
 * layer's problem document says. Messages of unknown errors are not echoed.
 *
 * @example
 * summarizeError(new Error('secret')); // { code: 'InternalError', message: 'The server failed to obtain AWS credentials.', retryable: false }
 */
export function summarizeError(err: unknown): ErrorSummary {
  if (err instanceof CredentialsError)
    return { code: err.code, message: err.message, retryable: err.retryable };
  return { code: 'InternalError', message: 'The server failed to obtain AWS credentials.', retryable: false };
}
