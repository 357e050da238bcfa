/**
 * Running an `AwsCall` (types.ts): the dispatch to a transport's method or its `send`, and the readers a call's
 * `result` uses on AWS's answer.
 */
import { configError } from '../aws/validate.js';
import { CredentialsError } from '../errors.js';
import { DEV } from '../platform/env.js';
import type { AwsCall, CallOptions, Transport } from '../types.js';
import { parseDate, validDate } from './common.js';

/**
 * Sends `call` through `transport`: its method for this call when it has one (a hand-written transport, or a
 * wrapper overriding one call), else its `send`. A transport with neither is a `Configuration` error.
 *
 * @example
 * const r = await callAws(ctx.transport, ASSUME_ROLE_WITH_WEB_IDENTITY, input, { region, signal: ctx.signal });
 */
export function callAws<I, O>(
  transport: Transport,
  call: AwsCall<I, O>,
  input: I,
  opts: CallOptions,
): Promise<O> {
  const method = call.method && (transport as unknown as Record<string, unknown>)[call.method];
  if (typeof method === 'function') return method.call(transport, input, opts) as Promise<O>;
  if (transport.send) return transport.send(call, input, opts);
  return Promise.reject(
    configError(
      DEV
        ? `This source calls ${call.service.name} ${call.action} through the client's transport but it cannot send it: pass transport: fetchTransport() (or sdkTransport()) to createCredentialsClient.`
        : '',
    ),
  );
}

/** The first value under key `name` in `value`, depth first (a few levels: AWS answers are shallow). */
export function deepField(value: unknown, name: string, depth = 4): unknown {
  if (value === null || typeof value !== 'object' || depth === 0) return undefined;
  const obj = value as Record<string, unknown>;
  if (name in obj) return obj[name];
  for (const v of Object.values(obj)) {
    const found = deepField(v, name, depth - 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** An answer's text field; anything else reads as missing. */
export function text(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** An answer's date field: a `Date` (SDK), epoch seconds (JSON 1.1) or ISO text (XML); else missing. */
export function dateField(v: unknown): Date | undefined {
  if (v instanceof Date) return validDate(v);
  return typeof v === 'number' ? validDate(new Date(v * 1000)) : parseDate(text(v));
}

/** A missing field in AWS's answer is a retryable `ServerError`. */
export function requireFields<T extends Record<string, unknown>>(
  service: string,
  obj: T,
  keys: (keyof T)[],
): void {
  for (const k of keys) {
    if (obj[k] === undefined || obj[k] === '' || obj[k] === null) {
      throw new CredentialsError(
        'ServerError',
        `${service} answered without ${String(k)}; the client retries.`,
      );
    }
  }
}
