/**
 * The best of `runs` timings (ms) of each function, the functions run in turn so a load spike on a shared
 * machine hits all of them alike. For the linear-time checks: comparisons, never absolute bounds alone.
 */
export async function bestOfInTurn<const T extends readonly (() => unknown)[]>(
  fns: T,
  runs = 7,
): Promise<{ [K in keyof T]: number }> {
  const best = fns.map(() => Number.POSITIVE_INFINITY);
  for (let i = 0; i < runs; i++) {
    for (const [k, fn] of fns.entries()) {
      const t0 = performance.now();
      await fn();
      best[k] = Math.min(best[k]!, performance.now() - t0);
    }
  }
  return best as { [K in keyof T]: number };
}
