/**
 * Node middleware throughput on loopback, same run, servers in child processes, autocannon in this one:
 * bare Express; our middleware (JWT verified, credentials from the cache) over 1,000 rotating users;
 * express-oauth2-jwt-bearer verifying the JWT on each request. Rounds alternate the three, figures are the
 * per-variant median over rounds.
 */
import { fork } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLocalKit } from '@web-identity/testing';
import autocannon from 'autocannon';
import { median, round } from './util.mjs';

const here = dirname(fileURLToPath(import.meta.url));

function startServer(mode, cfg) {
  return new Promise((resolve, reject) => {
    const child = fork(join(here, 'server-child.mjs'), [mode, JSON.stringify(cfg)], { stdio: 'inherit' });
    child.once('message', (m) => resolve({ child, url: `http://127.0.0.1:${m.port}` }));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${mode} server exited ${code}`)));
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

export async function runThroughput({ smoke }) {
  const users = smoke ? 20 : 1000;
  const duration = smoke ? 1 : 5;
  const rounds = smoke ? 1 : 5;
  const connections = 10;
  const kit = await startLocalKit();
  const servers = {};
  try {
    const cfg = { ...kit.config };
    const tokens = await Promise.all(
      Array.from({ length: users }, (_, i) =>
        kit.idp.issueIdToken({ sub: `user-${i}`, expiresIn: 6 * 3600 }),
      ),
    );
    for (const mode of ['bare', 'ours', 'jwt-bearer']) servers[mode] = await startServer(mode, cfg);
    const stsBefore = kit.aws.calls({ service: 'sts' }).length;
    for (const s of Object.values(servers)) await warm(s.url, tokens);
    const stsWarm = kit.aws.calls({ service: 'sts' }).length - stsBefore;
    const runs = { bare: [], ours: [], 'jwt-bearer': [] };
    for (let r = 0; r < rounds; r++) {
      const order = Object.keys(runs);
      if (r % 2) order.reverse();
      for (const mode of order) {
        const out = await cannon(servers[mode].url, tokens, duration, connections);
        runs[mode].push({
          rps: out.requests.average,
          p50: out.latency.p50,
          p99: out.latency.p99,
          non2xx: out.non2xx,
          errors: out.errors,
        });
      }
    }
    const stsDuring = kit.aws.calls({ service: 'sts' }).length - stsBefore - stsWarm;
    const summary = Object.fromEntries(
      Object.entries(runs).map(([k, v]) => [
        k,
        {
          rps: round(median(v.map((x) => x.rps)), 0),
          p50Ms: median(v.map((x) => x.p50)),
          p99Ms: median(v.map((x) => x.p99)),
          non2xx: v.reduce((n, x) => n + x.non2xx, 0),
          errors: v.reduce((n, x) => n + x.errors, 0),
        },
      ]),
    );
    return {
      users,
      connections,
      durationS: duration,
      rounds,
      ...summary,
      perRound: runs,
      stsCallsWarmup: stsWarm,
      stsCallsDuringLoad: stsDuring,
      ratioOursToBare: round(summary.ours.rps / summary.bare.rps, 3),
      ratioJwtBearerToBare: round(summary['jwt-bearer'].rps / summary.bare.rps, 3),
      ratioOursToJwtBearer: round(summary.ours.rps / summary['jwt-bearer'].rps, 3),
    };
  } finally {
    for (const s of Object.values(servers)) await stop(s);
    await kit.close();
  }
}
