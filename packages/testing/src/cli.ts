#!/usr/bin/env node
// web-identity-local: starts the local IdP and the local AWS with the default (or a given) config,
// prints the endpoints, and stops cleanly on SIGINT/SIGTERM.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { AccessKeyConfig, IdentityPoolConfig, IssuerConfig, RoleConfig } from './aws/config.js';
import { providerName } from './aws/config.js';
import type { LocalUser } from './idp.js';
import { type LocalKit, startLocalKit } from './kit.js';

/** The `--config` file. `{{issuer}}` and `{{provider}}` in any string are replaced by the local IdP's. */
export interface CliConfig {
  region?: string;
  host?: string;
  idpPort?: number;
  awsPort?: number;
  users?: LocalUser[];
  clientId?: string;
  roles?: RoleConfig[];
  identityPools?: IdentityPoolConfig[];
  buckets?: string[];
  accessKeys?: AccessKeyConfig[];
  /** Extra OIDC providers besides the local IdP. */
  issuers?: (string | IssuerConfig)[];
  credentialLifetimeSeconds?: number;
  exposeDateHeader?: boolean;
}

const HELP = `Usage: web-identity-local [options]

Starts a local OpenID Connect IdP and a local AWS (STS, Cognito Identity, S3, execute-api)
for offline development and tests. Sign in as alice or bob, password "password".

Options:
  --json                     print one JSON line with the config instead of text
  --config <file.json>       custom roles, identity pools, buckets, users, ports
  --port <n>                 port of the local AWS (default: any free port)
  --idp-port <n>             port of the local IdP (default: any free port)
  --region <region>          default eu-west-1
  --credential-lifetime <s>  issue short-lived credentials (e.g. 30) for refresh testing
  -h, --help                 show this help
`;

function substitute<T>(value: T, vars: Record<string, string>): T {
  return JSON.parse(
    JSON.stringify(value).replace(/\{\{(issuer|provider)\}\}/g, (_m, name: string) => vars[name] ?? ''),
  ) as T;
}

function fail(message: string): never {
  process.stderr.write(`web-identity-local: ${message}\n`);
  process.exit(2);
}

/** The command line and the `--config` file, read and checked (exits 2 with the reason on a bad one). */
function readOptions(): { args: ReturnType<typeof parseArgs>['values']; config: CliConfig } {
  let args: ReturnType<typeof parseArgs>['values'];
  try {
    args = parseArgs({
      options: {
        json: { type: 'boolean', default: false },
        config: { type: 'string' },
        port: { type: 'string' },
        'idp-port': { type: 'string' },
        region: { type: 'string' },
        'credential-lifetime': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    }).values;
  } catch (err) {
    fail(`${(err as Error).message}\n\n${HELP}`);
  }
  let config: CliConfig = {};
  if (typeof args.config === 'string' && !args.help) {
    try {
      config = JSON.parse(readFileSync(args.config, 'utf8')) as CliConfig;
    } catch (err) {
      fail(`cannot read --config ${args.config}: ${(err as Error).message}`);
    }
  }
  return { args, config };
}

const num = (v: unknown, name: string): number | undefined => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) fail(`${name} must be a non-negative integer`);
  return n;
};

/** Starts the kit from the options. Roles and pools may name the IdP (`{{issuer}}` / `{{provider}}`). */
function startFromOptions(
  args: ReturnType<typeof parseArgs>['values'],
  config: CliConfig,
): Promise<LocalKit> {
  const awsPort = num(args.port, '--port') ?? config.awsPort;
  const idpPort = num(args['idp-port'], '--idp-port') ?? config.idpPort;
  const lifetime =
    num(args['credential-lifetime'], '--credential-lifetime') ?? config.credentialLifetimeSeconds;
  const region = (typeof args.region === 'string' ? args.region : undefined) ?? config.region;
  // Roles and pools may refer to the local IdP, whose URL is known only once it listens: they are
  // resolved after the IdP starts, through `{{issuer}}` / `{{provider}}`.
  return startLocalKit({
    idp: {
      ...(idpPort !== undefined ? { port: idpPort } : {}),
      ...(config.host ? { host: config.host } : {}),
      ...(config.users ? { users: config.users } : {}),
      ...(config.clientId ? { clientId: config.clientId } : {}),
    },
    aws: {
      ...(awsPort !== undefined ? { port: awsPort } : {}),
      ...(config.host ? { host: config.host } : {}),
      ...(region ? { region } : {}),
      ...(lifetime !== undefined ? { credentialLifetimeSeconds: lifetime } : {}),
      ...(config.exposeDateHeader !== undefined ? { exposeDateHeader: config.exposeDateHeader } : {}),
      ...(config.buckets ? { buckets: config.buckets } : {}),
      ...(config.accessKeys ? { accessKeys: config.accessKeys } : {}),
      ...(config.issuers ? { issuers: config.issuers } : {}),
    },
    resolve: (issuer) => {
      const vars = { issuer, provider: providerName(issuer) };
      return {
        ...(config.roles ? { roles: substitute(config.roles, vars) } : {}),
        ...(config.identityPools ? { identityPools: substitute(config.identityPools, vars) } : {}),
      };
    },
  });
}

/** What the kit serves: one JSON line with `--json`, else a line per URL. */
function printSummary(kit: LocalKit, json: boolean): void {
  const { config: out, aws, idp } = kit;
  const summary = {
    ...out,
    executeApiUrl: aws.executeApiUrl,
    albKeysUrl: aws.albKeysUrl,
    albSignerArn: aws.albSignerArn,
    users: idp.users.map((u) => u.login),
  };
  if (json) {
    process.stdout.write(`${JSON.stringify(summary)}\n`);
    return;
  }
  process.stdout.write(
    [
      'web-identity local kit is running (Ctrl-C to stop)',
      `  OIDC issuer        ${out.issuer}`,
      `  sign in at         ${out.loginUrl}  (client ${out.clientId}; users ${summary.users.join(', ')}, password "password")`,
      `  STS / Cognito / S3 ${aws.endpoint}  (region ${out.region}, S3 path-style)`,
      `  role               ${out.roleArn}`,
      `  identity pool      ${out.identityPoolId}`,
      `  bucket             ${out.bucket}  (each user: uploads/<sub>/)`,
      `  execute-api echo   ${aws.executeApiUrl}`,
      `  ALB public keys    ${aws.albKeysUrl}/<kid>`,
      `  config.json        ${JSON.stringify(out)}`,
      '',
    ].join('\n'),
  );
}

async function main(): Promise<void> {
  const { args, config } = readOptions();
  if (args.help) {
    process.stdout.write(HELP);
    return;
  }
  // Signal handlers go in before anything starts, so Ctrl-C during startup also stops cleanly.
  let kitRef: LocalKit | undefined;
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    (kitRef ? kitRef.close() : Promise.resolve()).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  let kit: LocalKit;
  try {
    kit = await startFromOptions(args, config);
  } catch (err) {
    fail(`could not start: ${(err as Error).message}`);
  }
  kitRef = kit;
  if (stopping) {
    await kit.close();
    process.exit(0);
  }
  printSummary(kit, args.json === true);
}

main().catch((err: unknown) => fail((err as Error).message));
