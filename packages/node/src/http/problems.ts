import { CredentialsError } from '@web-identity/core';
import { type BearerErrorCode, HttpCredentialsError, summarizeError } from '../errors.js';

/** An RFC 9457 problem document plus the headers to send with it. */
export interface HttpProblem {
  status: number;
  headers: Record<string, string>;
  body: {
    type: string;
    title: string;
    status: number;
    detail: string;
    /** The stable `CredentialsError` code, e.g. `ExpiredIdentityToken`, `AccessDenied`, `Throttled`. */
    code: string;
    /** The RFC 6750 error, when there is one. */
    error?: BearerErrorCode;
    retryable: boolean;
  };
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Default `Retry-After` for retryable upstream failures, in seconds. */
const DEFAULT_RETRY_AFTER_SEC = 5;

function quote(value: string): string {
  // RFC 6750 auth-param values are quoted-strings; keep them to printable ASCII without quotes/backslashes.
  return `"${value.replace(/[^\x20-\x7e]|["\\]/g, '')}"`;
}

function statusFor(err: CredentialsError): { status: number; bearerError?: BearerErrorCode } {
  switch (err.code) {
    case 'NoIdentityToken':
      return { status: 401 };
    case 'InvalidIdentityToken':
    case 'ExpiredIdentityToken':
    case 'NotAnIdToken':
      return { status: 401, bearerError: 'invalid_token' };
    case 'AccessDenied':
    case 'RegionDisabled':
      return { status: 403 };
    case 'Throttled':
    case 'ServerError':
    case 'Network':
    case 'IdpUnreachable':
    case 'Aborted':
      return { status: 503 };
    default:
      return { status: 500 };
  }
}

/**
 * Maps any error to the HTTP answer this package gives: RFC 6750 challenge headers, `Retry-After`,
 * and an `application/problem+json` body. Messages of unknown errors are not echoed (they might hold secrets).
 *
 * @example
 * const problem = toHttpProblem(err, { realm: 'aws' });
 * res.writeHead(problem.status, problem.headers).end(JSON.stringify(problem.body));
 */
export function toHttpProblem(err: unknown, opts: { realm?: string } = {}): HttpProblem {
  const realm = opts.realm ?? 'aws';
  let status: number;
  let bearerError: BearerErrorCode | undefined;
  let retryAfterSec: number | undefined;
  const { code, message: detail, retryable } = summarizeError(err);
  if (err instanceof HttpCredentialsError) {
    ({ status, bearerError, retryAfterSec } = err);
  } else if (err instanceof CredentialsError) {
    ({ status, bearerError } = statusFor(err));
    if (status === 503 && err.retryAt) {
      retryAfterSec = Math.max(1, Math.ceil((err.retryAt.getTime() - Date.now()) / 1000));
    }
  } else {
    status = 500;
  }
  if ((status === 503 || status === 429) && retryAfterSec === undefined)
    retryAfterSec = DEFAULT_RETRY_AFTER_SEC;

  const headers: Record<string, string> = {
    'content-type': 'application/problem+json',
    'cache-control': 'no-store',
  };
  if (status === 401 || (status === 400 && bearerError)) {
    const params = [`realm=${quote(realm)}`];
    if (bearerError) params.push(`error=${quote(bearerError)}`, `error_description=${quote(detail)}`);
    headers['www-authenticate'] = `Bearer ${params.join(', ')}`;
  }
  if (retryAfterSec !== undefined) headers['retry-after'] = String(retryAfterSec);
  return {
    status,
    headers,
    body: {
      type: bearerError ? `https://www.rfc-editor.org/rfc/rfc6750#section-3.1` : 'about:blank',
      title: TITLES[status] ?? 'Error',
      status,
      detail,
      code,
      ...(bearerError ? { error: bearerError } : {}),
      retryable,
    },
  };
}
