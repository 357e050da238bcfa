import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, type Page, test } from '@playwright/test';
import { startLocalKit } from '@web-identity/testing';
import { launchFreshContext } from '../src/browser.js';

type Kit = Awaited<ReturnType<typeof startLocalKit>>;

const SERVER = fileURLToPath(new URL('../../node-example/dist/server.js', import.meta.url));

/** Starts the built node example as a user would (`node dist/server.js`), configured by environment. */
async function startExample(kit: Kit): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [SERVER], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: '0',
      AWS_REGION: kit.config.region,
      OIDC_ISSUER: kit.config.issuer,
      OIDC_CLIENT_ID: kit.config.clientId,
      ROLE_ARN: kit.config.roleArn,
      STS_ENDPOINT: kit.config.stsEndpoint,
      S3_ENDPOINT: kit.config.s3Endpoint,
      BUCKET: kit.config.bucket,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.on('exit', (code) => reject(new Error(`node example exited with ${code}: ${out}`)));
  });
  return { url, child };
}

test.describe('node example', () => {
  let kit: Kit;
  let example: { url: string; child: ChildProcess };
  let page: Page;
  let closeBrowser: () => Promise<void>;

  test.beforeAll(async () => {
    kit = await startLocalKit();
    example = await startExample(kit);
  });
  test.afterAll(async () => {
    example?.child.kill('SIGTERM');
    await kit?.close();
  });
  test.beforeEach(async () => {
    const fresh = await launchFreshContext();
    closeBrowser = fresh.close;
    page = fresh.context.pages()[0] ?? (await fresh.context.newPage());
  });
  test.afterEach(async () => {
    await closeBrowser();
  });

  test('the page calls /api/whoami with the ID token and shows the STS identity of the user', async () => {
    const token = await kit.idp.issueIdToken({ sub: 'alice' });
    const before = kit.aws.calls({ action: 'AssumeRoleWithWebIdentity' }).length;
    await page.goto(`${example.url}/#id_token=${token}`);
    await expect(page.getByTestId('status')).toHaveText('ready');
    await expect(page.getByTestId('subject')).toHaveText('alice');
    await expect(page.getByTestId('arn')).toHaveText(/:assumed-role\/PhotoUploader\/alice$/);
    expect(kit.aws.calls({ action: 'AssumeRoleWithWebIdentity' }).length).toBe(before + 1);
    const caller = kit.aws.calls({ action: 'GetCallerIdentity' }).at(-1);
    expect(caller?.subject).toBe('alice');
    // the token left the address bar and is not in the page
    expect(page.url()).not.toContain(token);
    expect(await page.content()).not.toContain(token);
  });

  test('a forged token shows the 401 in plain words and costs no STS call', async () => {
    const forged = await kit.idp.issueIdToken({ sub: 'mallory' }, { foreignKey: true });
    const before = kit.aws.calls({ service: 'sts' }).length;
    await page.goto(`${example.url}/#id_token=${forged}`);
    await expect(page.getByTestId('status')).toHaveText('error');
    await expect(page.getByTestId('error')).toHaveText(/^401 InvalidIdentityToken: .*signature/);
    expect(kit.aws.calls({ service: 'sts' }).length).toBe(before);
  });
});
