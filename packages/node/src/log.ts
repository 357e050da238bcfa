/** A redacted event: never a token, a secret key or a session token. */
export interface LogEvent {
  level: 'debug' | 'info' | 'warn' | 'error';
  /** e.g. `credentials.exchange`, `credentials.refresh_failed`, `request.rejected`, `request.rate_limited`. */
  event: string;
  subject?: string;
  issuer?: string;
  /** A `CredentialsError` code. */
  code?: string;
  status?: number;
  /** The error's message (ours never contain secrets; foreign ones are scrubbed). */
  message?: string;
  durationMs?: number;
  accessKeyId?: string;
}

/** Any function taking events; e.g. `(e) => pinoLogger[e.level](e)` or `consoleLogger()`. */
export type Logger = (event: LogEvent) => void;
