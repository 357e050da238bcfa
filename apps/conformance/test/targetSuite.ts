import { beforeAll, describe, expect, it } from 'vitest';
import { type RuntimeTarget, runTarget, type TargetRun } from '../src/host/index.js';
import { SCENARIO_IDS } from '../src/index.js';

/**
 * One `it` per scenario of `target`'s run (the suite runs once, in its own process, in `beforeAll`): each must
 * pass, except the scenarios in `expectedNa`, which must report n/a with a reason naming what the runtime lacks
 * — so a runtime that gains a feature, or a scenario that silently turns n/a, fails here.
 */
export function describeTarget(target: RuntimeTarget, expectedNa: Record<string, RegExp> = {}): void {
  describe(`conformance on ${target}`, () => {
    let run: TargetRun;
    beforeAll(async () => {
      run = await runTarget(target);
    }, 240_000);

    for (const id of SCENARIO_IDS) {
      const na = expectedNa[id];
      it(na ? `${id}: n/a, with its reason` : id, () => {
        const result = run.results[id];
        expect(result, `${id} reported nothing`).toBeDefined();
        if (na) {
          expect(result?.status).toBe('n/a');
          expect(result?.reason).toMatch(na);
        } else expect(result, `${target} ${id}:\n${run.log}`).toEqual({ status: 'pass' });
      });
    }

    it('reports exactly the suite’s scenarios', () => {
      expect(Object.keys(run.results)).toEqual([...SCENARIO_IDS]);
    });
  });
}
