/**
 * OpenTelemetry metrics for `@web-identity/node`, recorded from its diagnostics channels.
 *
 * @packageDocumentation
 * @module @web-identity/node/otel
 */
export * from './telemetry/otel.js';
