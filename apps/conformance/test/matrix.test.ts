/** The support matrix is generated: the checked-in docs page and README table must equal what the results make. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs script without types
import * as matrix from '../scripts/matrix.mjs';
import { resultsProblem, SCENARIO_IDS } from '../src/index.js';

type Expected = { file: string; want: string; have: string };
const m = matrix as {
  expectedFiles(): Expected[];
  readResults(
    dir?: string,
  ): { target: string; results: Record<string, { status: string; reason?: string }> }[];
  renderDocsPage(all: unknown): string;
  renderReadmeTable(all: unknown): string;
};

describe('support matrix', () => {
  it('every results file is valid (known statuses; n/a and fail carry a reason)', () => {
    const all = m.readResults();
    expect(all.length).toBeGreaterThan(0);
    for (const { target, results } of all) expect(resultsProblem(results), target).toBeNull();
  });

  for (const which of ['docs page', 'README table']) {
    it(`the ${which} is the one the results files make (run: node apps/conformance/scripts/matrix.mjs --write)`, () => {
      const [docs, readme] = m.expectedFiles() as [Expected, Expected];
      const f = which === 'docs page' ? docs : readme;
      expect(f.have).toBe(f.want);
    });
  }

  it('a failing or n/a scenario shows in the docs page with its reason, a missing one as "-"', () => {
    const all = [
      { target: 'x-engine', results: { 'single-flight': { status: 'fail', reason: 'two STS calls' } } },
      { target: 'node24', results: { 'cross-tab': { status: 'n/a', reason: 'no Web Locks' } } },
    ];
    const page = m.renderDocsPage(all);
    expect(page).toContain('| X Engine');
    expect(page).toMatch(/\| Single flight[^\n]*\| \*\*fail\*\* \[1\] \| -/);
    expect(page).toContain('1. two STS calls');
    expect(page).toContain('2. no Web Locks');
    expect(page.match(/\n\| /g)?.length).toBe(2 + SCENARIO_IDS.length); // head, separator, one row per scenario
    expect(m.renderReadmeTable(all)).toMatch(/\| X Engine \| 0\/1 +\| - +\| single-flight \|/);
  });

  it('the README links the docs page', () => {
    expect(readFileSync(new URL('../../../README.md', import.meta.url), 'utf8')).toContain(
      'apps/docs/concepts/support-matrix.md',
    );
  });
});
