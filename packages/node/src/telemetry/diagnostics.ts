import type * as DiagnosticsChannel from 'node:diagnostics_channel';

/** Name of the `TracingChannel` around every exchange (`tracing:web-identity:exchange:start`, …). */
export const EXCHANGE_CHANNEL = 'web-identity:exchange';
/** Name of the channel that receives one message per credentials look-up. */
export const CACHE_CHANNEL = 'web-identity:cache';

/**
 * The context of one exchange, as `TracingChannel` subscribers see it: the same object at `start`, `asyncEnd`
 * and `error`. Never a secret, a token or a subject.
 */
export interface ExchangeTrace {
  /** The source's kind: `webIdentity`, `cognitoIdentityPool`, `assumeRole`, … */
  readonly source: string;
  readonly region: string;
  /** `background`: a refresh inside the advisory window; `request`: a caller waits for it. */
  readonly trigger: 'request' | 'background';
  /** Set at `asyncEnd` on success: the granted lifetime in seconds. */
  result?: { lifetimeSeconds: number };
  /** Set at `error`: the `CredentialsError` (its `code` says what failed). */
  error?: unknown;
}

/** One credentials look-up: `hit` (fresh), `stale` (served, refresh started), `miss` (an exchange is needed). */
export interface CacheLookup {
  readonly result: 'hit' | 'stale' | 'miss';
  /** The store's `name` (`memory`, `redis`, …), `custom` when it has none. */
  readonly store: string;
}

/**
 * `node:diagnostics_channel` where the runtime has it (Node, Bun, Deno), found through
 * `process.getBuiltinModule` so that no `node:` import is needed to load this module (workerd, edge runtimes);
 * `undefined` elsewhere: then nothing is published.
 */
function diagnosticsChannel(): typeof DiagnosticsChannel | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  try {
    return proc?.getBuiltinModule?.('node:diagnostics_channel') as typeof DiagnosticsChannel | undefined;
  } catch {
    return undefined;
  }
}

const dc = diagnosticsChannel();
const exchanges = dc?.tracingChannel<unknown, ExchangeTrace>(EXCHANGE_CHANNEL);
const lookups = dc?.channel(CACHE_CHANNEL);

/**
 * Runs `exchange` inside the tracing channel when anyone listens (and directly otherwise: no allocation on the
 * hot path). Subscribers see a summary, never the credentials.
 */
export function traceExchange<T extends { expiresAt: number; obtainedAt: number }>(
  trace: () => ExchangeTrace,
  exchange: () => Promise<T>,
): Promise<T> {
  if (!exchanges?.hasSubscribers) return exchange();
  let out: T | undefined;
  return exchanges
    .tracePromise(async () => {
      out = await exchange();
      return { lifetimeSeconds: Math.round((out.expiresAt - out.obtainedAt) / 1000) };
    }, trace())
    .then(() => out as T);
}

/** Publishes one look-up when anyone listens. */
export function publishLookup(result: CacheLookup['result'], store: string): void {
  if (lookups?.hasSubscribers) lookups.publish({ result, store } satisfies CacheLookup);
}
