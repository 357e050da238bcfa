import type { IncomingMessage, ServerResponse } from 'node:http';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { recordWebIdentityMetrics } from '@web-identity/node/otel';

/**
 * The library's metrics (exchange durations, cache hits/stale/misses) in Prometheus' text format, served by the
 * app itself at `GET /metrics`. In production put that route behind your own network rules: it shows no user,
 * but load figures are still yours.
 */
export function prometheusMetrics(): {
  handler: (req: IncomingMessage, res: ServerResponse) => void;
  stop: () => void;
} {
  const exporter = new PrometheusExporter({ preventServerStart: true });
  const stop = recordWebIdentityMetrics({ meterProvider: new MeterProvider({ readers: [exporter] }) });
  return { handler: (req, res) => exporter.getMetricsRequestHandler(req, res), stop };
}
