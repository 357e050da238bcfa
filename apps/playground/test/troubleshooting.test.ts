import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TROUBLESHOOTING, tableCells } from '../src/troubleshooting.js';

const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
const section = readme.slice(readme.indexOf('## Troubleshooting'), readme.indexOf('## Working on it'));
const rows = section
  .split('\n')
  .filter((line) => line.startsWith('| '))
  .map(tableCells);

describe('the playground and the README troubleshooting table say the same thing', () => {
  it('finds the table', () => {
    expect(rows[0]).toEqual(['you see', 'why', 'what to do']);
  });

  for (const [id, row] of Object.entries(TROUBLESHOOTING)) {
    it(`${id}: the README has this row word for word`, () => {
      const inReadme = rows.find((cells) => cells[0] === row.youSee);
      expect(inReadme, `no README row starts with ${row.youSee}`).toBeDefined();
      expect(inReadme).toEqual([row.youSee, row.why, row.whatToDo]);
    });
    it(`${id}: the row names the code the library raises`, () => {
      expect(row.youSee).toContain(`\`${row.code}\``);
    });
  }
});
