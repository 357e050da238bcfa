// When the store stops trying Redis, and what it logs: fake time, no Redis.
import type { LogEvent } from '@web-identity/node';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RedisTimeoutError } from '../src/deadline.js';
import { misuseCode, redisHealth } from '../src/health.js';

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

const sink = () => {
  const events: LogEvent[] = [];
  return { events, log: () => (e: LogEvent) => void events.push(e) };
};

describe('redisHealth', () => {
  it('a connection failure is an outage at once: one warning, Redis left alone for retryMs, one line when back', () => {
    const { events, log } = sink();
    const health = redisHealth(log, 1_000, 10_000);
    const downs: unknown[] = [];
    health.onDown((err) => downs.push(err));
    expect(health.available()).toBe(true);
    health.failed(
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379 redis://:pw@host'), { name: 'Error' }),
    );
    health.failed(new Error('again'));
    expect(downs).toHaveLength(1); // patient waits end at once
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

  it('slow answers are latency, not an outage, until Redis has answered nothing for stallMs', () => {
    const { events, log } = sink();
    const health = redisHealth(log, 1_000, 10_000);
    for (let i = 0; i < 50; i++) {
      health.failed(new RedisTimeoutError('slow'));
      vi.advanceTimersByTime(100);
    }
    health.ok(); // an answer: the stall starts over
    for (let i = 0; i < 99; i++) {
      health.failed(new RedisTimeoutError('slow'));
      vi.advanceTimersByTime(100);
    }
    expect(health.down).toBe(false);
    expect(events).toEqual([]);
    vi.advanceTimersByTime(100);
    health.failed(new RedisTimeoutError('slow'));
    expect(health.down).toBe(true);
    expect(events).toMatchObject([{ event: 'cache.redis_unavailable', code: 'TimeoutError' }]);
  });

  it('a programming error or a refused command is a loud error line, never an outage', () => {
    const { events, log } = sink();
    const health = redisHealth(log, 1_000, 10_000);
    health.failed(new TypeError('client.sendCommand is not a function'));
    health.failed(new TypeError('again'));
    health.failed(new Error("CROSSSLOT Keys in request don't hash to the same slot"));
    health.failed(new Error("NOPERM User app has no permissions to run the 'keys' command"));
    expect(health.down).toBe(false);
    expect(health.available()).toBe(true);
    expect(events.map((e) => [e.level, e.event, e.code])).toEqual([
      ['error', 'cache.redis_misuse', 'TypeError'],
      ['error', 'cache.redis_misuse', 'CROSSSLOT'],
      ['error', 'cache.redis_misuse', 'NOPERM'],
    ]);
  });

  it('misuseCode tells misuse from an outage', () => {
    expect(misuseCode(new TypeError('x'))).toBe('TypeError');
    expect(misuseCode(new Error("ERR unknown command 'SPUBLISH'"))).toBe('UnknownCommand');
    expect(misuseCode(new Error('connect ECONNREFUSED'))).toBeUndefined();
    expect(misuseCode(new Error('WRONGPASS invalid username-password pair'))).toBeUndefined();
    expect(misuseCode(new RedisTimeoutError('slow'))).toBeUndefined();
    // Valkey GLIDE's wording
    expect(
      misuseCode(
        new Error('An error was signalled by the server: - PermissionDenied: this user has no permissions'),
      ),
    ).toBe('NOPERM');
    expect(misuseCode(new Error('An error was signalled by the server: - CrossSlot: Keys in request'))).toBe(
      'CROSSSLOT',
    );
  });
});
