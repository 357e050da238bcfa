#!/usr/bin/env node
// Reads a test log (`npm test` output) and prints one line with the number of tests that ran:
// Vitest's per-run "Tests  N passed" summaries and Playwright's "N passed" summary, summed.
// Exits 1 when the log shows no test at all, or when Nx replayed a result from a cache.
import { readFileSync } from 'node:fs';

// biome-ignore lint/suspicious/noControlCharactersInRegex: strips ANSI colours from the log
const text = readFileSync(process.argv[2] ?? 0, 'utf8').replace(/\x1b\[[0-9;]*m/g, '');

/** Sums the captured number of every summary line matched by `re`. */
function sum(re) {
  let total = 0;
  for (const m of text.matchAll(re)) total += Number(m[1]);
  return total;
}

// Vitest: "      Tests  42 passed (42)" or "Tests  1 failed | 41 passed (42)"; the total is in parentheses.
const unit = sum(/^\s*Tests\s+.*?\((\d+)\)\s*$/gm);
// Playwright's list reporter: "  18 passed (1.7m)".
const browser = sum(/^\s*(\d+) passed \([\d.]+m?s?\)\s*$/gm);
const replayed = (text.match(/\[local cache\]|existing outputs match the cache/g) ?? []).length;

console.log(
  `tests run: ${unit + browser} (unit/integration ${unit}, Playwright ${browser}); results replayed from a cache: ${replayed}`,
);
if (unit === 0 || browser === 0 || replayed > 0) process.exit(1);
