// The README's demo command: starts the local kit (IdP + AWS) and, as they exist, the example apps,
// then prints one line per URL. Stops everything on Ctrl-C.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = `${root}packages/testing/dist/cli.js`;
if (!existsSync(cli)) {
  console.error(
    'The local kit is not built yet: run `npm test` once, or `pnpm nx build @web-identity/testing`.',
  );
  process.exit(1);
}
const child = spawn(process.execPath, [cli, ...process.argv.slice(2)], { stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
