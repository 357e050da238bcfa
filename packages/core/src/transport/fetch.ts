import { configError } from '../aws/validate.js';
import { DEV } from '../platform/env.js';
import type { AwsCall, Transport } from '../types.js';
import { type CallOptions, serviceEndpoint } from './common.js';
import { call } from './fetchCall.js';

export { AWS_JSON_1_1 } from './fetchJson.js';
export { AWS_QUERY, xmlText } from './fetchQuery.js';

/** Options of `fetchTransport`: endpoints and a request timeout. */
export interface FetchTransportOptions {
  /** Defaults to the global `fetch`. */
  fetch?: typeof fetch;
  /** Per-request timeout; a timeout counts as a `Network` failure. Default 10 s. */
  timeoutMs?: number;
}

/** One unsigned call over `fetch`, in the wire protocol its service names (`AWS_QUERY`, `AWS_JSON_1_1`). */
async function sendOverFetch<I, O>(
  f: typeof fetch,
  timeoutMs: number,
  c: AwsCall<I, O>,
  req: { input: I; opts: CallOptions },
): Promise<O> {
  const { service: s, action } = c;
  if (c.signed) {
    throw configError(DEV ? `${s.name} ${action} is signed: send it with sdkTransport().` : '');
  }
  const res = await call(f, {
    service: s.name,
    url: serviceEndpoint(s.prefix, req.opts.region, req.opts.endpoint),
    init: s.protocol.request(s, action, c.params(req.input)),
    opts: req.opts,
    timeoutMs,
  });
  return c.result(s.protocol.answer(s, action, res), req.input);
}

/**
 * The shared HTTP layer on plain `fetch`: sends any `AwsCall` a source brings, in the wire protocol its service
 * names (form-encoded STS with a tiny XML reader, JSON 1.1 for Cognito). The built-in sources' default; under
 * 1 KB gz instead of ~50 KB of AWS SDK clients. `fetchTransport()` is the same with the built-in calls as methods.
 *
 * @example
 * const source = { ...mySource, transport: fetchSender({ timeoutMs: 5_000 }) };
 */
export function fetchSender(
  options: FetchTransportOptions = {},
): Transport & Required<Pick<Transport, 'send'>> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  // The option's fetch, else the global one at call time (so a test may replace it later).
  const f = (...args: Parameters<typeof fetch>) => (options.fetch ?? fetch)(...args);
  return {
    name: 'fetch',
    timeoutMs,
    send: (c, input, opts) => sendOverFetch(f, timeoutMs, c, { input, opts }),
  };
}
