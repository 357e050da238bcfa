import { abortedError } from '../awsError.js';

export interface CallOptions {
  region: string;
  endpoint?: string;
  signal: AbortSignal;
}

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

export function stsEndpoint(region: string, endpoint?: string): string {
  return endpoint ?? `https://sts.${region}.amazonaws.com${region.startsWith('cn-') ? '.cn' : ''}/`;
}

export function cognitoEndpoint(region: string, endpoint?: string): string {
  return (
    endpoint ?? `https://cognito-identity.${region}.amazonaws.com${region.startsWith('cn-') ? '.cn' : ''}/`
  );
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
