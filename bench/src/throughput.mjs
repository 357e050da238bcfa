/**
 * Node middleware throughput on loopback, same run, servers in child processes, autocannon in this one. Per
 * framework (Express 5, Fastify 5, Hono 4 on @hono/node-server): a bare handler; the same with a no-op middleware/hook mounted like ours;
 * ours (JWT verified, credentials from the cache) over 1,000 rotating users; ours with the OpenTelemetry
 * subscriber attached; and for Express, express-oauth2-jwt-bearer verifying the JWT on each request. Rounds
 * alternate the order; figures are the per-variant median over rounds.
 */
import { execFileSync, fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLocalKit } from '@web-identity/testing';
import autocannon from 'autocannon';
import { measureLookups } from './floor.mjs';
import { median, round } from './util.mjs';

const here = dirname(fileURLToPath(import.meta.url));

/**
 * Where the servers and the load generator run: on a machine with 2+ CPUs and `taskset`, the servers share CPU 1
 * and this process (autocannon) keeps CPU 0, so a server never waits for the load generator's CPU and req/s
 * measures the server's work. Elsewhere nothing is pinned (`pinned: false` in the results).
 */
function pinning() {
  if (process.platform !== 'linux' || availableParallelism() < 2) return null;
  const taskset = ['/usr/bin/taskset', '/bin/taskset'].find((f) => existsSync(f));
  if (!taskset) return null;
  return {
    taskset,
    pinSelf: () => execFileSync(taskset, ['-a', '-pc', '0', String(process.pid)], { stdio: 'ignore' }),
    unpinSelf: () =>
      execFileSync(taskset, ['-a', '-pc', `0-${availableParallelism() - 1}`, String(process.pid)], {
        stdio: 'ignore',
      }),
    forkOptions: { execPath: taskset, execArgv: ['-c', '1', process.execPath] },
  };
}

function startServer(mode, cfg, pin) {
  return new Promise((resolve, reject) => {
    const child = fork(join(here, 'server-child.mjs'), [mode, JSON.stringify(cfg)], {
      stdio: 'inherit',
      ...(pin?.forkOptions ?? {}),
    });
    child.once('message', (m) => resolve({ child, url: `http://127.0.0.1:${m.port}` }));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${mode} server exited ${code}`)));
  });
}

/** The server's CPU time so far (user + system, µs), asked over IPC. */
function cpuOf({ child }) {
  return new Promise((resolve) => {
    const on = (m) => {
      if (!m?.cpu) return;
      child.off('message', on);
      resolve(m.cpu.user + m.cpu.system);
    };
    child.on('message', on);
    child.send({ cpu: true });
  });
}

async function stop({ child }) {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill();
  await exited;
}

async function warm(url, tokens, concurrency = 20) {
  let i = 0;
  let failures = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (i < tokens.length) {
        const t = tokens[i++];
        const res = await fetch(`${url}/api/hello`, { headers: { authorization: `Bearer ${t}` } });
        await res.arrayBuffer();
        if (res.status !== 200) failures++;
      }
    }),
  );
  if (failures) throw new Error(`${failures} warm-up requests failed at ${url}`);
}

function cannon(url, tokens, duration, connections) {
  return autocannon({
    url,
    connections,
    duration,
    requests: tokens.map((t) => ({
      method: 'GET',
      path: '/api/hello',
      headers: { authorization: `Bearer ${t}` },
    })),
  });
}

const VARIANTS = {
  express: ['bare', 'noop', 'ours', 'ours-otel', 'jwt-bearer'],
  fastify: ['bare', 'noop', 'ours', 'ours-otel'],
  hono: ['bare', 'noop', 'ours', 'ours-otel'],
};

function summarize(runs) {
  return {
    rps: round(median(runs.map((x) => x.rps)), 0),
    p50Ms: median(runs.map((x) => x.p50)),
    p99Ms: median(runs.map((x) => x.p99)),
    cpuUsPerRequest: round(median(runs.map((x) => x.cpuUs / x.requests)), 2),
    non2xx: runs.reduce((n, x) => n + x.non2xx, 0),
    errors: runs.reduce((n, x) => n + x.errors, 0),
  };
}

/** Ratios between variants of one framework, from the per-variant medians. */
function ratios(fw) {
  const r = (a, b) => round(fw[a].rps / fw[b].rps, 3);
  return {
    oursToNoop: r('ours', 'noop'),
    // The same comparison in server CPU per request (no-op's over ours: 1.00× = no cost at all).
    cpuNoopToOurs: round(fw.noop.cpuUsPerRequest / fw.ours.cpuUsPerRequest, 3),
    cpuNoopToOursOtel: round(fw.noop.cpuUsPerRequest / fw['ours-otel'].cpuUsPerRequest, 3),
    oursOtelToNoop: r('ours-otel', 'noop'),
    oursToBare: r('ours', 'bare'),
    noopToBare: r('noop', 'bare'),
    ...(fw['jwt-bearer']
      ? { oursToJwtBearer: r('ours', 'jwt-bearer'), jwtBearerToBare: r('jwt-bearer', 'bare') }
      : {}),
  };
}

export async function runThroughput({ smoke }) {
  const users = smoke ? 20 : 1000;
  const duration = smoke ? 1 : 5;
  const rounds = smoke ? 1 : 5;
  const connections = 10;
  const kit = await startLocalKit();
  const servers = {};
  const pin = pinning();
  try {
    const cfg = { ...kit.config };
    const tokens = await Promise.all(
      Array.from({ length: users }, (_, i) =>
        kit.idp.issueIdToken({ sub: `user-${i}`, expiresIn: 6 * 3600 }),
      ),
    );
    const modes = Object.entries(VARIANTS).flatMap(([fw, vs]) => vs.map((v) => `${fw}:${v}`));
    for (const mode of modes) servers[mode] = await startServer(mode, cfg, pin);
    pin?.pinSelf(); // after the kit started: its servers stay where they were, like the warm-up
    const stsBefore = kit.aws.calls({ service: 'sts' }).length;
    for (const s of Object.values(servers)) await warm(s.url, tokens);
    const stsWarm = kit.aws.calls({ service: 'sts' }).length - stsBefore;
    const runs = Object.fromEntries(modes.map((m) => [m, []]));
    for (let r = 0; r < rounds; r++) {
      // Each framework's variants back to back, the order reversed every other round.
      for (const [fw, vs] of Object.entries(VARIANTS)) {
        const order = r % 2 ? [...vs].reverse() : vs;
        for (const v of order) {
          const server = servers[`${fw}:${v}`];
          const cpuBefore = await cpuOf(server);
          const out = await cannon(server.url, tokens, duration, connections);
          const cpuUs = (await cpuOf(server)) - cpuBefore;
          runs[`${fw}:${v}`].push({
            requests: out.requests.total,
            cpuUs,
            rps: out.requests.average,
            p50: out.latency.p50,
            p99: out.latency.p99,
            non2xx: out.non2xx,
            errors: out.errors,
          });
        }
      }
    }
    const stsDuring = kit.aws.calls({ service: 'sts' }).length - stsBefore - stsWarm;
    const frameworks = {};
    for (const [fw, vs] of Object.entries(VARIANTS)) {
      frameworks[fw] = Object.fromEntries(vs.map((v) => [v, summarize(runs[`${fw}:${v}`])]));
      frameworks[fw].ratios = ratios(frameworks[fw]);
    }
    return {
      lookups: await measureLookups(tokens, cfg),
      users,
      connections,
      durationS: duration,
      rounds,
      pinned: Boolean(pin),
      ...frameworks,
      perRound: runs,
      stsCallsWarmup: stsWarm,
      stsCallsDuringLoad: stsDuring,
    };
  } finally {
    pin?.unpinSelf();
    for (const s of Object.values(servers)) await stop(s);
    await kit.close();
  }
}
