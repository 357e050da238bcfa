/**
 * One-time proof that the fleet bound holds run after run: runs `@web-identity/redis`'s fleet integration test
 * (3 instances, 1,000 users on two roles, a burst of 600 simultaneous requests; one server, a 3-master cluster,
 * TLS with an ACL user) N times in a row (default 5) and records each run's STS counts in bench/results.json
 * (`results.fleetTestRuns`), which bench/RESULTS.md shows under "Fleet". Not part of `pnpm bench` (about a
 * minute a run). `--from-log FILE` records the counts of a log of such runs instead of running them.
 *
 *   node src/fleet-test-runs.mjs [--runs=5] [--from-log=FILE] [--note=TEXT]   (build the redis package first)
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderMarkdown } from './report.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const benchDir = join(here, '..');
const arg = (name) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);

/** The counts one run printed: `fleet (<topology>): N STS exchanges for …` lines, and its test summary. */
export function parseRun(text) {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: terminal colours in the captured output
  const clean = text.replace(/\x1b\[[0-9;]*m/g, '');
  const run = {};
  for (const [, topology = 'one server', calls, rest] of clean.matchAll(
    /fleet(?: \(([^)]+)\))?: (\d+) STS exchanges for ([^\n]*)/g,
  )) {
    const burst = /a burst of (\d+) users/.exec(rest);
    const restart = /(\d+) new users after the restart/.exec(rest);
    const rotation = /(\d+) users after a rolling keyring rotation/.exec(rest);
    const users = /(\d+) user-roles/.exec(rest);
    const [kind, floor] = burst
      ? ['burst', burst[1]]
      : restart
        ? ['afterRestart', restart[1]]
        : rotation
          ? ['afterRotation', '0']
          : ['users', users?.[1]];
    run[topology] ??= {};
    run[topology][kind] = { stsCalls: Number(calls), floor: Number(floor) };
  }
  return { topologies: run, tests: /Tests\s+([^\n]+)/.exec(clean)?.[1]?.trim() ?? 'unknown' };
}

function runOnce() {
  const out = spawnSync('sh', ['../../tools/pnpm.sh', 'exec', 'vitest', 'run', 'test/fleet.test.ts'], {
    cwd: join(benchDir, '..', 'packages', 'redis'),
    encoding: 'utf8',
  });
  return `${out.stdout}\n${out.stderr}`;
}

const log = arg('from-log');
const runs = log
  ? readFileSync(log, 'utf8')
      .split(/^=== run \d+.*$/m)
      .slice(1)
      .map(parseRun)
  : Array.from({ length: Number(arg('runs') ?? 5) }, () => parseRun(runOnce()));
const path = join(benchDir, 'results.json');
const doc = JSON.parse(readFileSync(path, 'utf8'));
const note = arg('note');
doc.results.fleetTestRuns = { date: new Date().toISOString(), runs, ...(note ? { note } : {}) };
writeFileSync(path, `${JSON.stringify(doc, null, 2)}\n`);
writeFileSync(join(benchDir, 'RESULTS.md'), renderMarkdown(doc));
console.log(JSON.stringify(runs, null, 2));
