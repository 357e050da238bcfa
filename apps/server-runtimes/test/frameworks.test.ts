// SvelteKit (its Node adapter's build) and Nitro 2 (the server Nuxt runs on; its node-server build) with the
// glue, each its own production server process, against the kit: the glue's four checks.
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { glueChecks, glueEnv } from '../../../packages/node/test/glue.js';
import { spawnServer } from './spawnServer.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

glueChecks('sveltekit', async (config) => {
  const port = await freePort();
  return spawnServer(process.execPath, [join(ROOT, 'sveltekit/build/index.js')], {
    env: { ...glueEnv(config), PORT: String(port), HOST: '127.0.0.1' },
    cwd: join(ROOT, 'sveltekit'),
    url: `http://127.0.0.1:${port}`,
  });
});

glueChecks('nitro', async (config) => {
  const port = await freePort();
  return spawnServer(process.execPath, [join(ROOT, 'nitro/.output/server/index.mjs')], {
    env: { ...glueEnv(config), NITRO_PORT: String(port), NITRO_HOST: '127.0.0.1' },
    cwd: join(ROOT, 'nitro'),
    url: `http://127.0.0.1:${port}`,
  });
});
