/**
 * `bench` (full sizes; writes bench/RESULTS.md and bench/results.json) and `smoke` (tiny sizes, writes
 * nothing, fails if any benchmark throws or loses its basic invariants).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { marginals } from './features.mjs';
import { loaded, renderMarkdown } from './report.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const benchDir = join(here, '..');
const smoke = process.argv.includes('--smoke');
const only = process.argv
  .find((a) => a.startsWith('--only='))
  ?.slice(7)
  .split(',');

// Loaded when run, so `--only=bundle` needs only the packages the bundle benchmark builds from.
const BENCHMARKS = {
  bundle: async (o) => (await import('./bundle.mjs')).runBundle(o),
  stsCalls: async (o) => (await import('./sts-calls.mjs')).runStsCalls(o),
  tabs: async (o) => (await import('./tabs.mjs')).runTabs(o),
  latency: async (o) => (await import('./latency.mjs')).runLatency(o),
  throughput: async (o) => (await import('./throughput.mjs')).runThroughput(o),
  memory: async (o) => (await import('./memory.mjs')).runMemory(o),
  fleet: async (o) => (await import('./fleet.mjs')).runFleet(o),
};

function versionOf(pkg) {
  try {
    const require = createRequire(join(benchDir, 'package.json'));
    let dir = dirname(require.resolve(pkg));
    for (;;) {
      try {
        const json = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
        if (json.name === pkg) return json.version;
      } catch {}
      const up = dirname(dir);
      if (up === dir) return 'unknown';
      dir = up;
    }
  } catch {
    return 'not installed';
  }
}

function environment() {
  const pkgs = [
    '@web-identity/core',
    '@web-identity/react',
    '@web-identity/vue',
    '@web-identity/angular',
    '@web-identity/svelte',
    '@web-identity/solid',
    '@web-identity/node',
    '@web-identity/redis',
    'redis',
    'vite',
    'aws-amplify',
    '@aws-sdk/client-s3',
    '@aws-sdk/client-sts',
    '@aws-sdk/credential-providers',
    'express',
    'express-oauth2-jwt-bearer',
    'autocannon',
    'react',
    'vue',
    '@angular/core',
    'svelte',
    'solid-js',
  ];
  return {
    date: new Date().toISOString(),
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    cpu: `${os.cpus()[0]?.model ?? 'unknown'} × ${os.cpus().length}`,
    loadavg: os.loadavg().map((x) => Math.round(x * 100) / 100),
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    versions: Object.fromEntries(pkgs.map((p) => [p, versionOf(p)])),
  };
}

/** Invariants a smoke run checks so the benchmarks cannot rot silently. */
function check(results) {
  const problems = [];
  for (const [name, r] of Object.entries(results)) if (r?.error) problems.push(`${name}: ${r.error}`);
  const b = results.bundle;
  if (b) {
    for (const [name, e] of Object.entries(b)) if (e.error) problems.push(`bundle ${name}: ${e.error}`);
    if (b['b-react-sdk'] && b['b-react-sdk'].sdkBytesInInitial !== 0)
      problems.push('bundle: @aws-sdk/@smithy code in the initial chunk with the default transport');
    for (const [name, lean] of Object.entries(b))
      if (
        /^(a-react-lean|g-)/.test(name) &&
        !lean.error &&
        (lean.chunks !== 1 || lean.sdkBytesInInitial !== 0)
      )
        problems.push(
          `bundle ${name}: the @web-identity/core/fetch entry emitted a second chunk or SDK code`,
        );
    for (const f of marginals(b, loaded))
      if (f.gzip != null && !(f.gzip > 0))
        problems.push(`bundle: ${f.label} measured ${f.gzip} bytes: a stub that removed nothing?`);
  }
  const s = results.stsCalls;
  if (s && !(s.ours >= 1 && s.sdkFromWebTokenPerClient >= s.consumers))
    problems.push('stsCalls: implausible counts');
  for (const row of results.tabs?.rows ?? []) {
    if (!row.oursWithinFloorPlusOne || !(row.perTab >= row.tabs * (results.tabs.floor - 1)))
      problems.push(`tabs: ${row.tabs} tabs made ${row.ours} STS calls (one client per tab ${row.perTab})`);
  }
  const t = results.throughput;
  if (t && !t.error)
    // A previous run from before the per-framework layout has no `express` key: nothing to check there.
    for (const fw of ['express', 'fastify'])
      for (const [k, v] of Object.entries(t[fw] ?? {}))
        if (k !== 'ratios' && (v.non2xx || v.errors || !(v.rps > 0)))
          problems.push(`throughput ${fw} ${k}: failures under load`);
  const f = results.fleet;
  if (f && !f.error) {
    if (!(f.stsCalls.redis <= f.users * 1.05 && f.stsCalls.memory >= f.stsCalls.redis))
      problems.push('fleet: the Redis store did not share credentials across instances');
    if (f.stsCalls.cluster !== undefined && !(f.stsCalls.cluster <= f.users * 1.05))
      problems.push('fleet: the Redis store did not share credentials across instances on a cluster');
    for (const n of [...(f.bursts?.redis ?? []), ...(f.bursts?.cluster ?? [])])
      if (n > f.bursts.size * 1.05)
        problems.push(`fleet: a burst of ${f.bursts.size} users cost ${n} STS calls`);
    if (f.throughput.failures) problems.push('fleet: failures under load');
  }
  return problems;
}

/**
 * What a partial run keeps: the date of the last full run, and the date of each kept benchmark that a partial run
 * since then re-measured (so a chain of partial runs never passes an older figure off as the full run's).
 */
function partialOf(previous, only) {
  const env = previous.environment ?? {};
  const fullRun = env.partial?.previousRun ?? env.date ?? null;
  const dates = { ...env.partial?.measuredAt };
  for (const name of env.partial?.remeasured ?? []) dates[name] = env.date;
  const measuredAt = Object.fromEntries(
    Object.entries(dates).filter(([name, date]) => !only.includes(name) && date !== fullRun),
  );
  return { remeasured: only, previousRun: fullRun, measuredAt };
}

const results = {};
const timings = {};
for (const [name, fn] of Object.entries(BENCHMARKS)) {
  if (only && !only.includes(name)) continue;
  const t0 = performance.now();
  try {
    results[name] = await fn({ smoke });
  } catch (err) {
    results[name] = { error: String(err?.stack ?? err) };
  }
  timings[name] = Math.round(performance.now() - t0);
  console.log(
    `${smoke ? 'smoke' : 'bench'} ${name}: ${timings[name]} ms${results[name].error ? ` FAILED ${results[name].error}` : ''}`,
  );
}

const problems = check(results);
if (smoke) {
  if (problems.length) {
    console.error(problems.join('\n'));
    process.exit(1);
  }
  console.log('smoke: every benchmark ran');
} else {
  // --only=a,b re-measures those benchmarks and keeps the others' figures from the previous full run.
  let previous = { results: {}, timingsMs: {} };
  if (only) {
    try {
      previous = JSON.parse(readFileSync(join(benchDir, 'results.json'), 'utf8'));
    } catch {}
  }
  const env = environment();
  if (only) env.partial = partialOf(previous, only);
  const doc = {
    environment: env,
    timingsMs: { ...previous.timingsMs, ...timings },
    results: { ...previous.results, ...results },
    problems: check({ ...previous.results, ...results }),
  };
  writeFileSync(join(benchDir, 'results.json'), `${JSON.stringify(doc, null, 2)}\n`);
  writeFileSync(join(benchDir, 'RESULTS.md'), renderMarkdown(doc));
  console.log('wrote bench/RESULTS.md and bench/results.json');
  if (doc.problems.length) console.error(`problems:\n${doc.problems.join('\n')}`);
}
