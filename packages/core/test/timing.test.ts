import { describe, expect, it } from 'vitest';
import { backoffDelay, clockOffset, refreshDelay, refreshWindows } from '../src/index.js';

const MIN = 60_000;

describe('refreshWindows', () => {
  // [lifetime, refreshBeforeExpiryMs, minValidityMs] → [advisory, mandatory], worked out by hand.
  it.each([
    [60 * MIN, 5 * MIN, MIN, 5 * MIN, MIN],
    [12 * 60 * MIN, 5 * MIN, MIN, 5 * MIN, MIN],
    [8 * MIN, 5 * MIN, MIN, 4 * MIN, MIN],
    [2 * MIN, 5 * MIN, MIN, MIN, 30_000],
    [4_000, 5 * MIN, MIN, 2_000, 1_000],
    [60 * MIN, 0, 0, 0, 0],
    [0, 5 * MIN, MIN, 0, 0],
    [-5_000, 5 * MIN, MIN, 0, 0],
  ])(
    'lifetime %i ms, options %i/%i → advisory %i, mandatory %i',
    (lifetime, before, min, advisory, mandatory) => {
      expect(refreshWindows(lifetime, before, min)).toEqual({ advisory, mandatory });
    },
  );

  it('never plans a refresh at or after expiry, nor one that is at once due again (no loop)', () => {
    for (const lifetime of [1, 999, 4_000, 2 * MIN, 60 * MIN, 12 * 60 * MIN]) {
      const { advisory } = refreshWindows(lifetime, 5 * MIN, MIN);
      for (const random of [0, 0.5, 0.999999]) {
        const delay = refreshDelay(lifetime, advisory, () => random);
        expect(delay).toBeGreaterThanOrEqual(lifetime * 0.45);
        expect(delay).toBeLessThanOrEqual(lifetime);
      }
    }
  });
});

describe('refreshDelay', () => {
  it.each([
    [60 * MIN, 5 * MIN, 0, 55 * MIN],
    [60 * MIN, 5 * MIN, 0.5, 55 * MIN - 15_000],
    [60 * MIN, 5 * MIN, 1, 55 * MIN - 30_000],
    [2 * MIN, MIN, 1, MIN - 6_000],
  ])('lifetime %i, advisory %i, random %d → %i', (lifetime, advisory, random, expected) => {
    expect(refreshDelay(lifetime, advisory, () => random)).toBe(expected);
  });
});

describe('backoffDelay', () => {
  it.each([
    [1, 1, 1_000],
    [2, 1, 2_000],
    [3, 1, 4_000],
    [6, 1, 32_000],
    [7, 1, 60_000],
    [50, 1, 60_000],
    [3, 0.5, 2_000],
    [3, 0, 0],
    [0, 1, 1_000],
  ])('attempt %i, random %d → %i ms (1 s doubling, 60 s cap)', (attempt, random, expected) => {
    expect(backoffDelay(attempt, { baseMs: 1_000, maxMs: 60_000 }, () => random)).toBe(expected);
  });

  it('follows the given base and cap', () => {
    expect(backoffDelay(4, { baseMs: 100, maxMs: 500 }, () => 1)).toBe(500);
    expect(backoffDelay(2, { baseMs: 100, maxMs: 500 }, () => 1)).toBe(200);
  });
});

describe('clockOffset', () => {
  const local = Date.parse('2026-01-01T00:00:00Z');
  it.each([
    ['2026-01-01T00:15:00Z', 15 * MIN],
    ['2025-12-31T23:45:00Z', -15 * MIN],
    ['2026-01-01T00:00:00Z', 0],
    ['2026-01-01T00:00:00.999Z', 0],
    ['2026-01-01T00:00:01Z', 1_000],
  ])('Date %s → %i ms', (date, expected) => {
    expect(clockOffset(new Date(date), local)).toBe(expected);
  });
});
