import { type Channel, subscribe, tracingChannel, unsubscribe } from 'node:diagnostics_channel';
import { type Meter, type MeterProvider, metrics } from '@opentelemetry/api';
import { CACHE_CHANNEL, type CacheLookup, EXCHANGE_CHANNEL, type ExchangeTrace } from './diagnostics.js';

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
 * `error.type` on failure) and `web_identity.cache.requests` (counter; `web_identity.cache.result`,
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
  const requests = meter.createCounter(METRICS.cacheRequests, {
    description: 'Credentials look-ups by result (hit, stale, miss) and store.',
    unit: '{request}',
  });
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
    requests.add(1, { 'web_identity.cache.result': result, 'web_identity.cache.store': store });
  };
  subscribe(CACHE_CHANNEL, onLookup as Parameters<Channel['subscribe']>[0]);
  return () => {
    traced.unsubscribe(handlers as Parameters<typeof traced.unsubscribe>[0]);
    unsubscribe(CACHE_CHANNEL, onLookup as Parameters<Channel['subscribe']>[0]);
  };
}
