import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { AssumeRoleWithWebIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterEach, describe, expect, it } from 'vitest';
import { signInWithPassword } from '../src/index.js';
import { rejectionOf } from './helpers.js';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

/** Starts the built CLI with the real Node binary and resolves with its first stdout line. */
function start(args: string[]): Promise<{ child: ChildProcess; line: string }> {
  if (!existsSync(cli))
    throw new Error(`${cli} is missing: build the package first (nx runs build before test)`);
  const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr!.on('data', (d) => {
      stderr += d;
    });
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => resolve({ child, line }));
    child.once('exit', (code) => reject(new Error(`exited with ${code}: ${stderr}`)));
  });
}

const exited = (child: ChildProcess) =>
  new Promise<number | string | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code, signal) => resolve(code ?? signal));
  });

describe('web-identity-local CLI', () => {
  it('--json prints one JSON line with a working config, and SIGTERM stops it cleanly', async () => {
    const { child, line } = await start(['--json']);
    const config = JSON.parse(line);
    expect(Object.keys(config)).toEqual(
      expect.arrayContaining([
        'issuer',
        'stsEndpoint',
        'region',
        'roleArn',
        'identityPoolId',
        'bucket',
        'loginUrl',
        'clientId',
        's3Endpoint',
      ]),
    );
    expect(config.bucket).toBe('demo-uploads');
    expect(config.roleArn).toBe('arn:aws:iam::123456789012:role/PhotoUploader');
    const { idToken } = await signInWithPassword(config.issuer, { login: 'alice' });
    const sts = new STSClient({ region: config.region, endpoint: config.stsEndpoint, maxAttempts: 1 });
    const out = await sts.send(
      new AssumeRoleWithWebIdentityCommand({
        RoleArn: config.roleArn,
        RoleSessionName: 'alice',
        WebIdentityToken: idToken,
      }),
    );
    expect(out.SubjectFromWebIdentityToken).toBe('alice');
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
    expect(await rejectionOf(fetch(config.stsEndpoint))).toBeInstanceOf(Error);
  });

  it('prints human-readable endpoints by default and stops on SIGINT', async () => {
    const { child, line } = await start([]);
    expect(line).toMatch(/local kit is running/);
    child.kill('SIGINT');
    expect(await exited(child)).toBe(0);
  });

  it('--config sets custom roles (with {{issuer}}/{{provider}}), pools, buckets and ports', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wi-cli-'));
    const file = join(dir, 'kit.json');
    writeFileSync(
      file,
      JSON.stringify({
        region: 'us-west-2',
        buckets: ['custom-bucket'],
        roles: [
          {
            arn: 'arn:aws:iam::123456789012:role/Custom',
            trustPolicy: {
              Version: '2012-10-17',
              Statement: [
                {
                  Effect: 'Allow',
                  Principal: { Federated: 'arn:aws:iam::123456789012:oidc-provider/{{provider}}' },
                  Action: 'sts:AssumeRoleWithWebIdentity',
                  Condition: { StringEquals: { '{{provider}}:sub': 'bob' } },
                },
              ],
            },
          },
        ],
        identityPools: [
          { id: 'us-west-2:11111111-2222-4333-8444-555555555555', providers: { '{{provider}}': null } },
        ],
      }),
    );
    const { child, line } = await start(['--json', '--config', file]);
    const config = JSON.parse(line);
    expect(config).toMatchObject({
      region: 'us-west-2',
      bucket: 'custom-bucket',
      roleArn: 'arn:aws:iam::123456789012:role/Custom',
      identityPoolId: 'us-west-2:11111111-2222-4333-8444-555555555555',
    });
    const sts = new STSClient({ region: config.region, endpoint: config.stsEndpoint, maxAttempts: 1 });
    const exchange = async (login: string) =>
      sts.send(
        new AssumeRoleWithWebIdentityCommand({
          RoleArn: config.roleArn,
          RoleSessionName: login,
          WebIdentityToken: (await signInWithPassword(config.issuer, { login })).idToken,
        }),
      );
    expect((await exchange('bob')).SubjectFromWebIdentityToken).toBe('bob');
    expect((await rejectionOf(exchange('alice'))).name).toBe('AccessDenied');
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
  });

  it('exits with a clear message on bad arguments or an unreadable config', async () => {
    await expect(start(['--nope'])).rejects.toThrow(/exited with 2: .*Unknown option/s);
    await expect(start(['--config', '/nonexistent/kit.json'])).rejects.toThrow(/cannot read --config/);
    await expect(start(['--port', 'abc'])).rejects.toThrow(/--port must be/);
  });
});
