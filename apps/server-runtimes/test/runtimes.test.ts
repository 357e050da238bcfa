// The fetch-standard entry loads and serves on Deno, Bun and workerd (no node: module on its path), and Hono's
// glue runs on Bun: each passes the glue's four checks against the kit, in its own runtime process.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { glueChecks, glueEnv } from '../../../packages/node/test/glue.js';
import { spawnServer } from './spawnServer.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'node_modules', '.bin');

glueChecks('web-on-deno', (config) =>
  spawnServer(join(BIN, 'deno'), ['run', '--allow-net', '--allow-env', '--allow-read', 'fixtures/deno.ts'], {
    env: { ...glueEnv(config), DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' },
    cwd: ROOT,
  }),
);

glueChecks('web-on-bun', (config) =>
  spawnServer(join(BIN, 'bun'), ['run', 'fixtures/bun.ts'], { env: glueEnv(config), cwd: ROOT }),
);

glueChecks('hono-on-bun', (config) =>
  spawnServer(join(BIN, 'bun'), ['run', 'fixtures/hono-bun.ts'], { env: glueEnv(config), cwd: ROOT }),
);

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

glueChecks('web-on-workerd', async (config) => {
  const dir = mkdtempSync(join(tmpdir(), 'wi-workerd-'));
  // Bundled as wrangler does for a Worker: browser/worker conditions, NODE_ENV defined, no nodejs_compat.
  await build({
    entryPoints: [join(ROOT, 'fixtures/worker.ts')],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    conditions: ['workerd', 'worker', 'browser'],
    define: { 'process.env.NODE_ENV': '"production"' },
    external: ['@aws-sdk/*'], // core's optional SDK transport, loaded lazily and never here
    outfile: join(dir, 'worker.js'),
    logLevel: 'silent',
  });
  const port = await freePort();
  const bindings = Object.entries(glueEnv(config))
    .map(([name, text]) => `(name = ${JSON.stringify(name)}, text = ${JSON.stringify(text)})`)
    .join(', ');
  writeFileSync(
    join(dir, 'config.capnp'),
    `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = (modules = [(name = "worker.js", esModule = embed "worker.js")],
      compatibilityDate = "2026-11-01", bindings = [${bindings}])),
    (name = "internet", network = (allow = ["public", "private", "local"])),
  ],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")],
);
`,
  );
  return spawnServer(join(BIN, 'workerd'), ['serve', join(dir, 'config.capnp')], {
    env: {},
    cwd: dir,
    url: `http://127.0.0.1:${port}`,
  });
});
