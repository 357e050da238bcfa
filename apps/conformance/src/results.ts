import { SCENARIOS } from './scenarios/index.js';
import type { ScenarioResult, TargetResults } from './types.js';

/** The marker a runner prints before its results on stdout (a host reads the JSON after it). */
export const RESULTS_MARKER = '@@web-identity-conformance-results@@';

/** A results file's text: pretty JSON with a final newline, as Biome formats it, in the suite's order. */
export function formatResults(results: TargetResults): string {
  return `${JSON.stringify(results, null, 2)}\n`;
}

/** Why `value` is not a valid results file, or `null` when it is (every status known, n/a and fail with a reason). */
export function resultsProblem(value: unknown): string | null {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return 'not an object';
  for (const [id, result] of Object.entries(value as Record<string, ScenarioResult>)) {
    if (!['pass', 'fail', 'n/a'].includes(result?.status)) return `${id}: unknown status ${result?.status}`;
    if (result.status !== 'pass' && !result.reason) return `${id}: ${result.status} without a reason`;
  }
  return null;
}

/** Ids and titles of the scenarios, in order (for a matrix or a host that asserts each). */
export const SCENARIO_IDS: readonly string[] = SCENARIOS.map((s) => s.id);
export const SCENARIO_TITLES: Readonly<Record<string, string>> = Object.fromEntries(
  SCENARIOS.map((s) => [s.id, s.title]),
);
