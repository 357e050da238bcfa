// The Next.js glue (`@web-identity/node/next`) on Next's production server (`next start` of this app's build),
// against the kit: /api/me is a route handler wrapped by `aws.route()` behind the `aws.proxy` gate.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { type GlueConfig, glueChecks } from '../../../packages/node/test/glue.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const NEXT = fileURLToPath(new URL('../node_modules/next/dist/bin/next', import.meta.url));

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** `next start` with the example's environment; resolves once it answers. Stopped by its pid. */
export async function startNext(config: GlueConfig, extraEnv: Record<string, string> = {}) {
  const port = await freePort();
  const child = spawn(process.execPath, [NEXT, 'start', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      AWS_REGION: config.region,
      OIDC_ISSUER: config.issuer,
      OIDC_CLIENT_ID: config.audience,
      ROLE_ARN: config.roleArn,
      STS_ENDPOINT: config.awsEndpoint,
      S3_ENDPOINT: config.awsEndpoint,
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`next start exited: ${output}`);
    if (i > 300) throw new Error(`next start did not answer in 30 s: ${output}`);
    try {
      await fetch(`${url}/config.json`);
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    url,
    close: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

glueChecks('next', (config) => startNext(config));
