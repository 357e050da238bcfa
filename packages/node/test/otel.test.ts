// @web-identity/node/otel with the real OpenTelemetry metrics SDK, through Express and Fastify over real HTTP,
// tokens from the kit's IdP and STS from the kit.

import {
  type DataPoint,
  type Histogram,
  MeterProvider,
  MetricReader,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import { webIdentity } from '@web-identity/core';
import {
  DEFAULT_ROLE_ARN,
  type LocalAws,
  type LocalIdp,
  startLocalAws,
  startLocalIdp,
} from '@web-identity/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METRICS, recordWebIdentityMetrics } from '../src/otel.js';
import { type RunningApp, type StartApp, startExpress, startFastify } from './apps.js';

class TestReader extends MetricReader {
  protected async onShutdown(): Promise<void> {}
  protected async onForceFlush(): Promise<void> {}
}

function points<T>(metrics: ResourceMetrics, name: string): DataPoint<T>[] {
  return metrics.scopeMetrics
    .flatMap((s) => s.metrics)
    .filter((m) => m.descriptor.name === name)
    .flatMap((m) => m.dataPoints as DataPoint<T>[]);
}

describe.each([
  ['express', startExpress],
  ['fastify', startFastify],
] as [string, StartApp][])('%s: OpenTelemetry metrics from the diagnostics channels', (_name, start) => {
  let idp: LocalIdp;
  let aws: LocalAws;
  let app: RunningApp;

  beforeAll(async () => {
    idp = await startLocalIdp();
    aws = await startLocalAws({ idp });
    app = await start({
      broker: {
        region: aws.region,
        source: webIdentity({ roleArn: DEFAULT_ROLE_ARN, endpoint: aws.endpoint }),
        verify: { issuer: idp.issuer, audience: 'web-identity-demo' },
        retryBackoff: false,
      },
      awsEndpoint: aws.endpoint,
      bucket: 'demo-uploads',
    });
  });
  afterAll(async () => {
    await app?.close();
    await aws?.close();
    await idp?.close();
  });

  it('records exchange durations by source and error type, and look-ups by result and store, never a user', async () => {
    const reader = new TestReader();
    const stop = recordWebIdentityMetrics({ meterProvider: new MeterProvider({ readers: [reader] }) });
    const get = async (token: string) =>
      (await fetch(`${app.url}/api/me`, { headers: { authorization: `Bearer ${token}` } })).status;
    const alice = await idp.issueIdToken({ sub: 'alice-otel' });
    const bob = await idp.issueIdToken({ sub: 'bob-otel' });
    try {
      expect(await get(alice)).toBe(200); // miss + exchange
      expect(await get(alice)).toBe(200); // hit
      expect(await get(alice)).toBe(200); // hit
      aws.faults.error('AccessDenied', 1, {
        status: 403,
        message: 'Not authorized to perform sts:AssumeRoleWithWebIdentity',
      });
      expect(await get(bob)).toBe(403); // miss + failed exchange
    } finally {
      stop();
    }
    expect(await get(alice)).toBe(200); // not recorded: stopped
    const { resourceMetrics } = await reader.collect();

    const durations = points<Histogram>(resourceMetrics, METRICS.exchangeDuration);
    expect(durations.map((p) => [p.attributes, p.value.count])).toEqual(
      expect.arrayContaining([
        [{ 'web_identity.source': 'webIdentity' }, 1],
        [{ 'web_identity.source': 'webIdentity', 'error.type': 'AccessDenied' }, 1],
      ]),
    );
    expect(durations).toHaveLength(2);
    expect(durations.every((p) => (p.value.sum ?? 0) > 0 && (p.value.sum ?? 0) < 60)).toBe(true); // seconds

    const lookups = points<number>(resourceMetrics, METRICS.cacheRequests);
    const byResult = Object.fromEntries(
      lookups.map((p) => [p.attributes['web_identity.cache.result'], p.value]),
    );
    expect(byResult).toEqual({ miss: 2, hit: 2 });
    expect(lookups.every((p) => p.attributes['web_identity.cache.store'] === 'memory')).toBe(true);

    const text = JSON.stringify(resourceMetrics);
    for (const secret of ['alice-otel', 'bob-otel', alice, bob]) expect(text).not.toContain(secret);
  });
});
