// Copies the targets table of bench/RESULTS.md into the README's Performance section, so the README
// always shows the latest `pnpm bench` run: `node tools/perf-table.mjs` (run by `pnpm bench`).
import { readFileSync, writeFileSync } from 'node:fs';

const root = new URL('..', import.meta.url);
const results = readFileSync(new URL('bench/RESULTS.md', root), 'utf8');
const start = results.indexOf('| Claim |');
if (start < 0) throw new Error('bench/RESULTS.md has no targets table: run pnpm bench first.');
const end = results.indexOf('\n\n', start);
const run = /^Run (\S+) on (.*?), Node/m.exec(results);
// A partial run (`--only=…`) re-measured some rows only: say so, RESULTS.md dates the others.
const partial = /^Re-measured in this run: ([^;]+);/m.exec(results);
const scope = partial
  ? ` (${partial[1]} only; the other rows are from earlier runs, dated in bench/RESULTS.md)`
  : '';
const table = `${results.slice(start, end < 0 ? undefined : end).trim()}\n\n${run ? `Latest run: ${run[1].slice(0, 10)}${scope}, ${run[2]}.` : ''}`;
const readmeUrl = new URL('README.md', root);
const readme = readFileSync(readmeUrl, 'utf8');
const next = readme.replace(
  /(<!-- perf-table:start -->\n)[\s\S]*?(\n<!-- perf-table:end -->)/,
  (_m, a, b) => `${a}${table.trim()}${b}`,
);
writeFileSync(readmeUrl, next);
