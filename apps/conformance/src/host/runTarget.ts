import { fileURLToPath } from 'node:url';
import type { TargetResults } from '../types.js';
import { RUNTIME_BINARIES, RUNTIME_TARGETS } from './binaries.js';
import { runChild } from './child.js';
import { startConformanceKit } from './kit.js';
import { parseRunnerOutput, writeResults } from './results.js';
import { runWorkerd } from './workerd.js';

const APP = fileURLToPath(new URL('../../', import.meta.url));

/** A runtime target of this package. */
export type RuntimeTarget = keyof typeof RUNTIME_TARGETS | 'workerd';

/** What one target's run gave: its results (also written to `results/<target>.json`) and the runner's output. */
export interface TargetRun {
  results: TargetResults;
  /** The runner's stderr (one line per scenario), for a failing test's message. */
  log: string;
  ms: number;
}

/**
 * Starts a kit, runs the suite on `target` in its own process against it over real HTTP, writes
 * `results/<target>.json` and stops the kit.
 *
 * @example
 * const { results } = await runTarget('deno');
 */
export async function runTarget(
  target: RuntimeTarget,
  options: { timeoutMs?: number } = {},
): Promise<TargetRun> {
  const timeoutMs = options.timeoutMs ?? 180_000;
  const kit = await startConformanceKit();
  try {
    if (target === 'workerd') {
      const { results, run } = await runWorkerd(RUNTIME_BINARIES.workerd, kit.urls, { timeoutMs });
      writeResults(target, results);
      return { results, log: run.stderr, ms: run.ms };
    }
    const [bin, ...args] = RUNTIME_TARGETS[target];
    const run = await runChild(bin as string, [...args, 'runners/runtime.mjs', target], {
      cwd: APP,
      env: { CONFORMANCE_KIT: JSON.stringify(kit.urls) },
      timeoutMs,
    });
    let results: TargetResults;
    try {
      results = parseRunnerOutput(run.stdout);
    } catch (err) {
      throw new Error(`${(err as Error).message}\nexit ${run.code}; stderr:\n${run.stderr.slice(-3000)}`);
    }
    writeResults(target, results);
    return { results, log: run.stderr, ms: run.ms };
  } finally {
    await kit.close();
  }
}
