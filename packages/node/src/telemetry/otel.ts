import { type Channel, subscribe, tracingChannel, unsubscribe } from 'node:diagnostics_channel';
import { type Meter, type MeterProvider, metrics } from '@opentelemetry/api';
import { CACHE_CHANNEL, type CacheLookup, EXCHANGE_CHANNEL, type ExchangeTrace } from './diagnostics.js';

/** Options of the metrics recorder. */
export interface WebIdentityMetricsOptions {
  /** Default: the global meter provider (`metrics.getMeterProvider()`). */
  meterProvider?: MeterProvider;
}

/** Metric names, as recorded. */
export const METRICS = {
  exchangeDuration: 'web_identity.credentials.exchange.duration',
  cacheRequests: 'web_identity.cache.requests',
} as const;

function errorType(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[A-Za-z]{1,40}$/.test(code) ? code : '_OTHER';
}

/**
 * Records every exchange and every credentials look-up of `@web-identity/node` as OpenTelemetry metrics, from
 * its `diagnostics_channel`s: `web_identity.credentials.exchange.duration` (histogram, s; `web_identity.source`,
 * `error.type` on failure) and `web_identity.cache.requests` (counter, reported at collection; `web_identity.cache.result`,
 * `web_identity.cache.store`). No user id is ever an attribute. Returns a function that stops recording.
 *
 * @example
 * import { recordWebIdentityMetrics } from '@web-identity/node/otel';
 * const stop = recordWebIdentityMetrics(); // uses the global MeterProvider your SDK set up
 */
export function recordWebIdentityMetrics(options: WebIdentityMetricsOptions = {}): () => void {
  const meter: Meter = (options.meterProvider ?? metrics.getMeterProvider()).getMeter('@web-identity/node');
  const duration = meter.createHistogram(METRICS.exchangeDuration, {
    description: 'Duration of token-for-credentials exchanges with AWS (STS or Cognito).',
    unit: 's',
    advice: { explicitBucketBoundaries: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] },
  });
  // Look-ups happen on every request: they are counted in plain numbers here and reported when the SDK
  // collects (an asynchronous counter), so the hot path never builds attributes or enters the SDK.
  const counts = new Map<string, Record<CacheLookup['result'], number>>();
  const requests = meter.createObservableCounter(METRICS.cacheRequests, {
    description: 'Credentials look-ups by result (hit, stale, miss) and store.',
    unit: '{request}',
  });
  const observe = (result: { observe(value: number, attributes: Record<string, string>): void }) => {
    for (const [store, byResult] of counts) {
      for (const [lookup, value] of Object.entries(byResult)) {
        if (value > 0)
          result.observe(value, { 'web_identity.cache.result': lookup, 'web_identity.cache.store': store });
      }
    }
  };
  requests.addCallback(observe);
  const started = new WeakMap<ExchangeTrace, number>();
  const handlers = {
    start(trace: ExchangeTrace) {
      started.set(trace, performance.now());
    },
    asyncEnd(trace: ExchangeTrace) {
      const at = started.get(trace);
      if (at === undefined) return;
      started.delete(trace);
      const attributes: Record<string, string> = { 'web_identity.source': trace.source };
      if (trace.error !== undefined) attributes['error.type'] = errorType(trace.error);
      duration.record((performance.now() - at) / 1000, attributes);
    },
  };
  // A rejected promise publishes `error` and then `asyncEnd`: the duration is recorded once, at asyncEnd.
  const traced = tracingChannel<unknown, ExchangeTrace>(EXCHANGE_CHANNEL);
  traced.subscribe(handlers as Parameters<typeof traced.subscribe>[0]);
  const onLookup = (message: unknown) => {
    const { result, store } = message as CacheLookup;
    let byResult = counts.get(store);
    if (!byResult) {
      byResult = { hit: 0, stale: 0, miss: 0 };
      counts.set(store, byResult);
    }
    byResult[result]++;
  };
  subscribe(CACHE_CHANNEL, onLookup as Parameters<Channel['subscribe']>[0]);
  return () => {
    traced.unsubscribe(handlers as Parameters<typeof traced.unsubscribe>[0]);
    unsubscribe(CACHE_CHANNEL, onLookup as Parameters<Channel['subscribe']>[0]);
    // The counter keeps reporting the totals counted so far, as a synchronous counter would.
  };
}
