// A failed exchange is logged by the broker with a level from its code alone: the broker never asks the HTTP
// layer (toHttpProblem) how bad a failure is, and its log line carries no HTTP status.
import { CredentialsError, type CredentialsErrorCode, type CredentialsSource } from '@web-identity/core';
import { describe, expect, it } from 'vitest';
import { createCredentialsBroker } from '../src/broker/credentialsBroker.js';
import { summarizeError } from '../src/errors.js';
import { toHttpProblem } from '../src/http/problems.js';
import type { LogEvent } from '../src/log.js';
import { failureLevel } from '../src/telemetry/logger.js';
import type { TokenExtractor } from '../src/types.js';

const extractor: TokenExtractor = {
  kind: 'test',
  extract: (req) => (req.headers['x-user'] as string | undefined) ?? null,
  verify: async (token) => ({ subject: token, issuer: 'https://idp', claims: { sub: token } }),
};

function failingBroker(err: unknown) {
  const logs: LogEvent[] = [];
  const source: CredentialsSource = {
    kind: 'failing',
    exchange: async () => {
      throw err;
    },
  };
  const broker = createCredentialsBroker({
    region: 'eu-west-1',
    source,
    token: extractor,
    retryBackoff: false,
    logger: (e) => logs.push(e),
  });
  return { broker, logs };
}

/** Every core code and the level it is logged at; the type fails to compile when core adds a code. */
const LEVELS: Record<CredentialsErrorCode, 'warn' | 'error'> = {
  NoIdentityToken: 'warn',
  InvalidIdentityToken: 'warn',
  ExpiredIdentityToken: 'warn',
  NotAnIdToken: 'warn',
  AccessDenied: 'warn',
  RegionDisabled: 'warn',
  Throttled: 'error',
  ServerError: 'error',
  Network: 'error',
  IdpUnreachable: 'error',
  Configuration: 'error',
  GuestAccessDisabled: 'error',
  Aborted: 'error',
};

describe('failure logging', () => {
  it('warn for the caller’s failures, error for the server’s: the level the HTTP status used to give', () => {
    for (const [code, level] of Object.entries(LEVELS) as [CredentialsErrorCode, 'warn' | 'error'][]) {
      expect(failureLevel(code), code).toBe(level);
      const status = toHttpProblem(new CredentialsError(code, 'x')).status;
      expect(status >= 500 ? 'error' : 'warn', `${code} (${status})`).toBe(level);
    }
    expect(failureLevel('InternalError')).toBe('error');
  });

  it('an unknown error is summarised without its message', () => {
    expect(summarizeError(new Error('AKIA… secret'))).toEqual({
      code: 'InternalError',
      message: 'The server failed to obtain AWS credentials.',
      retryable: false,
    });
  });

  it('the broker logs a failed exchange with code, message and level, and no HTTP status', async () => {
    for (const [err, level, code] of [
      [new CredentialsError('Throttled', 'Rate exceeded'), 'error', 'Throttled'],
      [new CredentialsError('AccessDenied', 'Not authorized'), 'warn', 'AccessDenied'],
      [new Error('boom'), 'error', 'InternalError'],
    ] as const) {
      const { broker, logs } = failingBroker(err);
      await expect(broker.forRequest({ headers: { 'x-user': 'alice' } })).rejects.toBe(err);
      const failed = logs.find((e) => e.event === 'credentials.exchange_failed');
      expect(failed).toMatchObject({ level, code, subject: 'alice', issuer: 'https://idp' });
      expect(failed).not.toHaveProperty('status');
    }
  });
});
