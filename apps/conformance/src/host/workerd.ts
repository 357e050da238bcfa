import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { KitUrls, TargetResults } from '../types.js';
import { type ChildRun, startChild } from './child.js';

const DIR = fileURLToPath(new URL('../../runners/workerd/', import.meta.url));

/**
 * Bundles the Worker as wrangler does: ESM, the `workerd`/`worker`/`browser` export conditions, and
 * `process.env.NODE_ENV` defined (wrangler injects it; core reads it at module scope), the AWS SDK left out (the
 * fetch transport never loads it). Nothing else from Node: the config's compatibility date predates workerd's
 * `process` global, and there is no `nodejs_compat` flag.
 */
export async function bundleWorker(): Promise<string> {
  const outfile = `${DIR}worker.bundle.mjs`;
  await build({
    entryPoints: [`${DIR}worker.mjs`],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    conditions: ['workerd', 'worker', 'browser'],
    mainFields: ['browser', 'module', 'main'],
    external: ['@aws-sdk/*', 'node:*'],
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  });
  return outfile;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts `workerd serve` on the bundled Worker, POSTs the kit URLs to it, and returns its results. workerd is
 * killed afterwards (on SIGTERM it drains open connections, and fetch keeps its connection alive).
 */
export async function runWorkerd(
  workerdBin: string,
  kit: KitUrls,
  options: { timeoutMs: number },
): Promise<{ results: TargetResults; run: ChildRun }> {
  await bundleWorker();
  const port = await freePort();
  const child = startChild(
    workerdBin,
    ['serve', `${DIR}config.capnp`, '--socket-addr', `http=127.0.0.1:${port}`, '--verbose'],
    { timeoutMs: options.timeoutMs },
  );
  try {
    const url = `http://127.0.0.1:${port}/`;
    const deadline = Date.now() + 15_000;
    for (;;) {
      try {
        const res = await fetch(url, { method: 'POST', body: JSON.stringify(kit) });
        const text = await res.text();
        if (!res.ok) throw new Error(`the Worker answered HTTP ${res.status}: ${text.slice(0, 2000)}`);
        return { results: JSON.parse(text) as TargetResults, run: await child.stop('SIGKILL') };
      } catch (err) {
        if (!(err instanceof TypeError) || Date.now() > deadline || child.exited()) {
          const run = await child.stop('SIGKILL');
          throw new Error(`${(err as Error).message}\nworkerd stderr:\n${run.stderr.slice(-3000)}`);
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  } finally {
    await child.stop('SIGKILL');
  }
}
