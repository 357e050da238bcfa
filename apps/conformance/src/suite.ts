import { createContext } from './context.js';
import { SCENARIOS } from './scenarios/index.js';
import type { Core, KitUrls, ScenarioResult, Target, TargetResults } from './types.js';

/** The longest a scenario may take (the slowest waits about 8 s for short keys to come close to expiry). */
export const SCENARIO_TIMEOUT_MS = 30_000;

function timeout(ms: number): { promise: Promise<never>; cancel(): void } {
  let handle: ReturnType<typeof setTimeout> | undefined;
  const promise = new Promise<never>((_, reject) => {
    handle = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return { promise, cancel: () => clearTimeout(handle) };
}

/** The message of a thrown value, one line, without anything that looks like a JWT. */
function reasonOf(err: unknown): string {
  const text =
    err instanceof Error ? `${err.name === 'Error' ? '' : `${err.name}: `}${err.message}` : String(err);
  return text.replace(/eyJ[\w-]+\.[\w-]+\.[\w-]*/g, '<jwt>').replace(/\s+/g, ' ');
}

/**
 * Runs the suite (or the scenarios named in `only`) on `core` against the kit, one scenario at a time (the kit's
 * faults are global), and returns the results file's content. A scenario never throws out of here: a failure is
 * `fail` with its reason.
 *
 * @example
 * const results = await runSuite(await import('@web-identity/core'), kitUrls, { name: 'node24' });
 */
export async function runSuite(
  core: Core,
  kit: KitUrls,
  target: Target,
  options: { only?: readonly string[]; onResult?: (id: string, result: ScenarioResult) => void } = {},
): Promise<TargetResults> {
  const results: TargetResults = {};
  for (const scenario of SCENARIOS) {
    if (options.only && !options.only.includes(scenario.id)) continue;
    const ctx = createContext(core, kit, target);
    const excluded = target.notApplicable?.[scenario.id];
    let result: ScenarioResult;
    if (excluded) result = { status: 'n/a', reason: excluded };
    else {
      const limit = timeout(SCENARIO_TIMEOUT_MS);
      try {
        await ctx.control.reset();
        result = await Promise.race([scenario.run(ctx), limit.promise]);
      } catch (err) {
        result = { status: 'fail', reason: reasonOf(err) };
      } finally {
        limit.cancel();
        ctx.cleanUp();
      }
    }
    results[scenario.id] = result;
    options.onResult?.(scenario.id, result);
  }
  return results;
}
