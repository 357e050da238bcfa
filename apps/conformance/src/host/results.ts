import { readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { formatResults, RESULTS_MARKER, resultsProblem } from '../results.js';
import type { TargetResults } from '../types.js';

/** `apps/conformance/results/`: one `<target>.json` per target, checked in; the support matrix is made from them. */
export const RESULTS_DIR = fileURLToPath(new URL('../../results/', import.meta.url));

/** Writes `results/<target>.json`, whole or not at all (the matrix test may read it meanwhile). */
export function writeResults(target: string, results: TargetResults): string {
  const problem = resultsProblem(results);
  if (problem) throw new Error(`results of ${target} are not valid: ${problem}`);
  const file = `${RESULTS_DIR}${target}.json`;
  writeFileSync(`${file}.tmp`, formatResults(results));
  renameSync(`${file}.tmp`, file);
  return file;
}

/** Every results file there is, by target name (the file name without `.json`), sorted by name. */
export function readAllResults(dir = RESULTS_DIR): Record<string, TargetResults> {
  const all: Record<string, TargetResults> = {};
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const value = JSON.parse(readFileSync(`${dir}${file}`, 'utf8')) as unknown;
    const problem = resultsProblem(value);
    if (problem) throw new Error(`${file}: ${problem}`);
    all[file.slice(0, -'.json'.length)] = value as TargetResults;
  }
  return all;
}

/** The results a runner printed after {@link RESULTS_MARKER} on its stdout. */
export function parseRunnerOutput(stdout: string): TargetResults {
  const at = stdout.lastIndexOf(RESULTS_MARKER);
  if (at < 0) throw new Error(`the runner printed no results:\n${stdout.slice(-2000)}`);
  return JSON.parse(stdout.slice(at + RESULTS_MARKER.length)) as TargetResults;
}
