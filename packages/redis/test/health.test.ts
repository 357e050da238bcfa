// When the store stops trying Redis, and what it logs: fake time, no Redis.
import type { LogEvent } from '@web-identity/node';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { redisHealth } from '../src/health.js';
import { RedisTimeoutError } from '../src/redisClient.js';

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('redisHealth', () => {
  it('a connection failure is an outage at once: one warning, Redis left alone for retryMs, one line when back', () => {
    const events: LogEvent[] = [];
    const health = redisHealth(() => (e) => void events.push(e), 1_000);
    expect(health.available()).toBe(true);
    health.failed(
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379 redis://:pw@host'), { name: 'Error' }),
    );
    health.failed(new Error('again'));
    expect(health.down).toBe(true);
    expect(health.available()).toBe(false);
    vi.advanceTimersByTime(1_000);
    expect(health.available()).toBe(true); // the next call probes
    health.failed(new Error('still down'));
    expect(health.available()).toBe(false);
    vi.advanceTimersByTime(1_000);
    health.ok();
    expect(health.down).toBe(false);
    expect(events.map((e) => [e.level, e.event])).toEqual([
      ['warn', 'cache.redis_unavailable'],
      ['info', 'cache.redis_recovered'],
    ]);
    expect(JSON.stringify(events)).not.toMatch(/ECONNREFUSED|pw|6379/); // the error's name only
  });

  it('slow answers make an outage only three in a row', () => {
    const events: LogEvent[] = [];
    const health = redisHealth(() => (e) => void events.push(e), 1_000);
    health.failed(new RedisTimeoutError('slow'));
    health.failed(new RedisTimeoutError('slow'));
    health.ok();
    health.failed(new RedisTimeoutError('slow'));
    health.failed(new RedisTimeoutError('slow'));
    expect(health.down).toBe(false);
    expect(events).toEqual([]);
    health.failed(new RedisTimeoutError('slow'));
    expect(health.down).toBe(true);
    expect(events).toMatchObject([{ event: 'cache.redis_unavailable', code: 'TimeoutError' }]);
  });
});
