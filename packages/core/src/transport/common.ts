import { abortedError } from '../aws/awsError.js';

export type { CallOptions } from '../types.js';

/** A signal that aborts with the caller's signal or after `ms`; `timedOut()` tells which. */
export function linkSignal(parent: AbortSignal, ms: number) {
  const controller = new AbortController();
  let timedOut = false;
  const onAbort = () => controller.abort();
  if (parent.aborted) controller.abort();
  else parent.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, ms);
  (timer as { unref?: () => void }).unref?.();
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    done() {
      clearTimeout(timer);
      parent.removeEventListener('abort', onAbort);
    },
  };
}

export function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw abortedError();
}

/** A service's regional endpoint (`sts` → `https://sts.eu-west-1.amazonaws.com/`), unless `endpoint` names one. */
export function serviceEndpoint(prefix: string, region: string, endpoint?: string): string {
  return endpoint ?? `https://${prefix}.${region}.amazonaws.com${region.startsWith('cn-') ? '.cn' : ''}/`;
}

export function parseDate(value: string | null | undefined): Date | undefined {
  return value ? validDate(new Date(value)) : undefined;
}

/** `undefined` for an Invalid Date. */
export function validDate(d: Date): Date | undefined {
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** The JSON object in `text`, or `{}` for anything else (empty, malformed, `null`, an array, a number). */
export function jsonObject(text: string): Record<string, unknown> {
  try {
    const value: unknown = text ? JSON.parse(text) : {};
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET']);

/**
 * Whether `err` (or its cause, a few levels deep) says the peer closed the connection before answering: the
 * error a pooled keep-alive socket gives when the server closed it just as it was reused. Node's `http`
 * ("socket hang up", `ECONNRESET`) and undici's fetch (`UND_ERR_SOCKET`) say so; a browser's fetch never does
 * (browsers retry such a socket themselves), so there this is always `false`.
 */
export function isConnectionReset(err: unknown): boolean {
  let e = err as { code?: unknown; message?: unknown; cause?: unknown } | undefined;
  for (let depth = 0; e && typeof e === 'object' && depth < 4; depth++) {
    if (RESET_CODES.has(e.code as string) || e.message === 'socket hang up') return true;
    e = e.cause as typeof e;
  }
  return false;
}

/**
 * Runs `send`, and once more at once when the first attempt's connection was reset before any answer
 * (`isConnectionReset`) and the caller has not aborted. The AWS SDK's own retry does the same for these
 * transient errors; the transports turn that retry off (`maxAttempts: 1`) because the scheduler owns backoff
 * for throttling and 5xx, so without this a stale pooled socket would surface as a `Network` error (a 503 from
 * the Node middleware). Both attempts run under the caller's one timeout signal.
 */
export async function retryOnceOnReset<T>(signal: AbortSignal, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (e) {
    if (signal.aborted || !isConnectionReset(e)) throw e;
    return send();
  }
}
