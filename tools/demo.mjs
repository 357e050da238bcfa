// The README's demo command: starts the local kit (OIDC IdP + STS / Cognito Identity / S3), the Node
// example server and the React, Vue, Angular, Svelte and Solid examples (their production builds, each on its own
// origin with a runtime /config.json), then prints one line per URL. Ctrl-C stops everything.
//
// Real AWS and a real IdP instead of the kit: set OIDC_ISSUER, OIDC_CLIENT_ID, ROLE_ARN, AWS_REGION
// and BUCKET (the IdP client must allow the printed URLs as redirect URIs; the role must trust the IdP).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { serveApp } from './static-server.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const kitEntry = `${root}packages/testing/dist/index.js`;
if (!existsSync(kitEntry)) {
  console.error('The local kit is not built: run `npm run demo` (it builds everything first).');
  process.exit(1);
}

const real = Boolean(process.env.OIDC_ISSUER);
let kit = null;
let config;
/** The React example also shows a public listing for guests (Cognito guest access) against the local kit. */
let reactConfig;
if (real) {
  config = {
    region: process.env.AWS_REGION ?? 'us-east-1',
    issuer: process.env.OIDC_ISSUER,
    clientId: process.env.OIDC_CLIENT_ID ?? '',
    roleArn: process.env.ROLE_ARN ?? '',
    bucket: process.env.BUCKET ?? 'demo-uploads',
  };
} else {
  const { startLocalKit, GUEST_IDENTITY_POOL_ID } = await import(kitEntry);
  kit = await startLocalKit({
    ...(process.env.DEMO_CREDENTIAL_LIFETIME
      ? { aws: { credentialLifetimeSeconds: Number(process.env.DEMO_CREDENTIAL_LIFETIME) } }
      : {}),
  });
  config = kit.config;
  await seedPublicListing(kit);
  reactConfig = {
    ...config,
    guestIdentityPoolId: GUEST_IDENTITY_POOL_ID,
    cognitoEndpoint: config.stsEndpoint,
  };
}

/**
 * Something for the React example's guest listing to show: one object under `public/`, written with the kit's
 * admin keys as an operator would (the guest role may only read `public/`).
 */
async function seedPublicListing(localKit) {
  const { signedFetch } = await import(`${root}packages/core/dist/index.js`);
  const { DEFAULT_ACCESS_KEY } = await import(kitEntry);
  const { region, s3Endpoint, bucket } = localKit.config;
  const s3 = signedFetch({ credentials: DEFAULT_ACCESS_KEY, region, service: 's3' });
  const res = await s3(`${s3Endpoint}/${bucket}/public/welcome.txt`, {
    method: 'PUT',
    body: 'Readable by every visitor, signed in or not.',
  });
  if (!res.ok) console.warn(`(the guest listing stays empty: the kit's S3 answered ${res.status})`);
}

/** A fixed, memorable port when it is free; any free port otherwise. */
async function serveOnPreferred(dir, port, appConfig = config) {
  try {
    return await serveApp(dir, appConfig, port);
  } catch (err) {
    if (err?.code !== 'EADDRINUSE') throw err;
    return serveApp(dir, appConfig, 0);
  }
}

const apps = [
  ['React', `${root}apps/react-example/dist`, 5173],
  ['Vue', `${root}apps/vue-example/dist`, 5174],
  ['Angular', `${root}apps/angular-example/dist/browser`, 4200],
  ['Svelte', `${root}apps/svelte-example/dist`, 5176],
  ['Solid', `${root}apps/solid-example/dist`, 5177],
  // The federation playground: each step of the flow explained, mistakes on purpose (apps/playground).
  ['Playground', `${root}apps/playground/dist`, 5175],
];
const servers = [];
const lines = [];
for (const [name, dir, port] of apps) {
  if (!existsSync(`${dir}/index.html`)) {
    lines.push(`${name.padEnd(9)} (not built: ${dir} is missing)`);
    continue;
  }
  const server = await serveOnPreferred(dir, port, name === 'React' ? (reactConfig ?? config) : config);
  servers.push(server);
  lines.push(`${name.padEnd(9)} ${server.url}`);
}

let nodeChild = null;
const nodeServer = `${root}apps/node-example/dist/server.js`;
if (existsSync(nodeServer)) {
  const port = process.env.DEMO_NODE_PORT ?? '3000';
  nodeChild = spawn(process.execPath, [nodeServer], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      PORT: port,
      AWS_REGION: config.region,
      OIDC_ISSUER: config.issuer,
      OIDC_CLIENT_ID: config.clientId,
      ROLE_ARN: config.roleArn,
      BUCKET: config.bucket,
      ...(kit ? { STS_ENDPOINT: config.stsEndpoint, S3_ENDPOINT: config.s3Endpoint } : {}),
      CORS_ORIGINS: servers.map((s) => s.url).join(','),
    },
  });
  lines.push(
    `${'Node API'.padEnd(9)} http://127.0.0.1:${port}  (GET /api/whoami, POST /api/photos, GET /aws/credentials)`,
  );
}

console.log(
  real
    ? `web-identity demo against ${config.issuer} (${config.region})`
    : 'web-identity demo (local kit, no AWS account)',
);
for (const line of lines) console.log(`  ${line}`);
if (kit) {
  console.log(`  ${'IdP'.padEnd(9)} ${config.issuer}   sign in as alice or bob, password "password"`);
  console.log(
    `  ${'AWS'.padEnd(9)} ${config.stsEndpoint}   STS, Cognito Identity, S3 (bucket ${config.bucket})`,
  );
}
console.log('Ctrl-C stops everything.');

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  nodeChild?.kill('SIGTERM');
  await Promise.all(servers.map((s) => s.close()));
  await kit?.close();
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
