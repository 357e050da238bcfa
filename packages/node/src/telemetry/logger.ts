import type { CredentialsErrorCode } from '@web-identity/core';
import type { LogEvent, Logger } from '../log.js';

// Linear time: a match may only start where the previous character is not a token character (a lookbehind,
// not `\b`, which would let every `-` of `a-a-a-…` start a new attempt over the rest of the run).
const JWT_LIKE = /(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_=-]*/g;
// What is left of a JWT cut short (a truncated path): a JSON header segment and a dot.
const JWT_HEAD = /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;
const LONG_SECRET = /[A-Za-z0-9/+=]{40,}/g;
const ACCESS_KEY = /\b(A[SK]IA)[A-Z0-9]{12}([A-Z0-9]{4})\b/g;

/** Longest request path a log line carries; longer ones are cut (before redaction, so it stays cheap). */
export const MAX_LOGGED_PATH = 256;

/**
 * The path of a request URL, without the query (it may carry tokens) and cut to `MAX_LOGGED_PATH` characters.
 *
 * @example
 * loggedPath('/api/files/x?token=…'); // '/api/files/x'
 */
export function loggedPath(url: string | undefined): string {
  const raw = url ?? '';
  const q = raw.indexOf('?');
  const path = q < 0 ? raw : raw.slice(0, q);
  return path.length > MAX_LOGGED_PATH ? `${path.slice(0, MAX_LOGGED_PATH)}…` : path;
}

/**
 * Removes anything shaped like a JWT, a secret key or a session token from a string; masks access key ids.
 *
 * @example
 * redact(`token ${idToken}`); // 'token [redacted token]'
 */
export function redact(text: string): string {
  return text
    .replace(JWT_LIKE, '[redacted token]')
    .replace(JWT_HEAD, '[redacted token]')
    .replace(LONG_SECRET, '[redacted]')
    .replace(ACCESS_KEY, '$1…$2');
}

/**
 * Wraps a logger so every string field is scrubbed again before it leaves the library.
 * `logger` errors are swallowed: logging never breaks a request.
 */
export function safeLogger(logger: Logger | undefined): Logger {
  if (!logger) return () => {};
  return (event) => {
    const clean: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(event)) clean[k] = typeof v === 'string' ? redact(v) : v;
    try {
      logger(clean as unknown as LogEvent);
    } catch {
      // a failing logger must not fail the request
    }
  };
}

/**
 * A logger writing one JSON line per event to `console`.
 *
 * @example
 * app.use(awsCredentials({ ..., logger: consoleLogger({ level: 'info' }) }));
 */
export function consoleLogger(opts: { level?: LogEvent['level'] } = {}): Logger {
  const order = ['debug', 'info', 'warn', 'error'];
  const min = order.indexOf(opts.level ?? 'info');
  return (event) => {
    if (order.indexOf(event.level) < min) return;
    const line = JSON.stringify({ time: new Date().toISOString(), ...event });
    if (event.level === 'error') console.error(line);
    else if (event.level === 'warn') console.warn(line);
    else console.log(line);
  };
}

/** Failures that are the caller's: its token, its access. Anything else is the server's or AWS's. */
const CALLER_FAILURES: ReadonlySet<string> = new Set<CredentialsErrorCode>([
  'NoIdentityToken',
  'InvalidIdentityToken',
  'ExpiredIdentityToken',
  'NotAnIdToken',
  'AccessDenied',
  'RegionDisabled',
]);

/**
 * The level a failure is logged at, from its code alone (no HTTP status in it): `warn` for the caller's
 * failures (token, access), `error` for outages, throttling, configuration and anything unknown.
 *
 * @example
 * failureLevel('ExpiredIdentityToken'); // 'warn'
 * failureLevel('Throttled'); // 'error'
 */
export function failureLevel(code: string): 'warn' | 'error' {
  return CALLER_FAILURES.has(code) ? 'warn' : 'error';
}
