import { fileURLToPath } from 'node:url';
import { expect, type Page, test } from '@playwright/test';
import { startLocalKit } from '@web-identity/testing';
import { type StaticApp, serveApp } from '../../../tools/static-server.mjs';
import { launchFreshContext } from '../src/browser.js';
import { dumpBrowserStorage, SecretWatcher } from '../src/secrets.js';

const DIST = fileURLToPath(new URL('../../playground/dist', import.meta.url));
/** AWS's clock runs this far ahead of the browser's: the exchange panel must measure it. */
const SKEW_S = 90;

type Kit = Awaited<ReturnType<typeof startLocalKit>>;

/**
 * The federation playground (issue 15) against the local kit, one signed-in page through all six steps:
 * each panel's explanation is asserted against what the kit and the wire really did.
 */
test.describe('federation playground', () => {
  test.describe.configure({ mode: 'serial' });
  let kit: Kit;
  let app: StaticApp;
  let page: Page;
  let watcher: SecretWatcher;
  let closeBrowser: () => Promise<void>;
  const wire = { authorize: '', tokenRequest: '' };

  test.beforeAll(async () => {
    kit = await startLocalKit();
    kit.aws.faults.skewClock(SKEW_S);
    app = await serveApp(DIST, kit.config);
    const fresh = await launchFreshContext();
    closeBrowser = fresh.close;
    page = fresh.context.pages()[0] ?? (await fresh.context.newPage());
    watcher = new SecretWatcher();
    watcher.attach(page);
    page.on('request', (req) => {
      if (req.url().startsWith(`${kit.config.issuer}/auth?`)) wire.authorize = req.url();
      if (req.url() === `${kit.config.issuer}/token`) wire.tokenRequest = req.postData() ?? '';
    });
  });
  test.afterAll(async () => {
    await closeBrowser?.();
    await app?.close();
    await kit?.close();
  });

  const panel = (id: string) => page.getByTestId(id);

  test('step-signin: authorization code + PKCE at the IdP, then ready credentials', async () => {
    await page.goto(app.url);
    await expect(page.getByTestId('playground-mode')).toContainText('local kit');
    await expect(page.getByTestId('status')).toHaveText('signed-out');
    await page.getByTestId('sign-in').click();
    await page.locator('input[name="login"]').fill('alice');
    await page.locator('input[name="password"]').fill('password');
    await page.locator('button[type="submit"]').click();
    await expect(page.getByTestId('signin-user')).toHaveText('alice');
    await expect(page.getByTestId('status')).toHaveText('ready');
    await expect(page.getByTestId('signin-tokens')).toContainText('ID token (for AWS)');
    const authorize = new URL(wire.authorize);
    expect(authorize.searchParams.get('response_type')).toBe('code');
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(new URLSearchParams(wire.tokenRequest).get('code_verifier')).toMatch(/^[\w-]{43,128}$/);
  });

  test('step-token: the decoded ID token, each claim with what AWS compares it with', async () => {
    const step = panel('step-token');
    await expect(step.getByTestId('token-header')).toContainText('"alg": "RS256"');
    await expect(step.getByTestId('token-claims')).toContainText('"sub": "alice"');
    await expect(step.getByTestId('token-signature')).toContainText('not shown');
    const provider = kit.config.issuer.replace('http://', '');
    await expect(step.getByTestId('claim-iss')).toContainText(`oidc-provider/${provider}`);
    await expect(step.getByTestId('claim-aud')).toContainText('"web-identity-demo"');
    await expect(step.getByTestId('claim-aud')).toContainText(`${provider}:aud`);
    await expect(step.getByTestId('claim-sub')).toContainText(`\${${provider}:sub}`);
    await expect(step.getByTestId('claim-exp')).toContainText('ExpiredTokenException');
    await expect(step.getByTestId('claim-iat')).toContainText('NotAnIdToken');
  });

  test('step-trust: the kit names the statement and the condition that matched for this token', async () => {
    const step = panel('step-trust');
    await expect(step.getByTestId('trust-outcome')).toHaveText('success');
    await expect(step.getByTestId('trust-summary')).toContainText('Statement 1 allows');
    await expect(step.getByTestId('trust-policy')).toContainText('oidc-provider/');
    await expect(step.getByTestId('trust-condition').first()).toContainText('✓ StringEquals');
    await expect(step.getByTestId('trust-condition').first()).toContainText('"web-identity-demo"');
  });

  test('step-exchange: request with the token shortened, response masked, clock offset and refresh plan', async () => {
    const step = panel('step-exchange');
    const request = step.getByTestId('exchange-request');
    await expect(request).toContainText('role/PhotoUploader');
    await expect(request).toContainText('RoleSessionNamealice');
    await expect(request).toContainText(/WebIdentityTokeneyJ.{7}… \(\d+ characters\)/);
    const response = step.getByTestId('exchange-response');
    const [keyId] = [...watcher.accessKeyIds];
    await expect(response).toContainText(`${keyId!.slice(0, 4)}…${keyId!.slice(-4)}`);
    await expect(response).toContainText('SecretAccessKey•••••••• (40 characters, masked)');
    await expect(response).toContainText('SubjectFromWebIdentityTokenalice');
    const offset = Number.parseInt((await step.getByTestId('plan-offset').textContent()) ?? '', 10);
    expect(offset).toBeGreaterThan((SKEW_S - 3) * 1000);
    expect(offset).toBeLessThan((SKEW_S + 3) * 1000);
    await expect(step.getByTestId('plan-advisory')).toContainText('300 s before expiry');
    await expect(step.getByTestId('plan-mandatory')).toContainText('60 s before expiry');
    const next = (await step.getByTestId('plan-next').textContent()) ?? '';
    expect(next).toContain('(refresh)');
    const expires = Date.parse((await step.getByTestId('plan-expires').textContent()) ?? '');
    // the next refresh is inside the advisory window (5 min, up to 10 % jitter) before the expiry
    const lead = expires - Date.parse(next.split(' ')[0]!);
    expect(lead).toBeGreaterThanOrEqual(300_000);
    expect(lead).toBeLessThanOrEqual(330_000);
  });

  test('step-call: own prefix allowed, another user’s denied, with what SigV4 signed', async () => {
    const step = panel('step-call');
    await step.getByTestId('call-put').click();
    const latest = step.getByTestId('call-result').first();
    await expect(latest.getByTestId('call-outcome')).toContainText('200 OK');
    await expect(latest.getByTestId('call-canonical')).toContainText(
      'PUT\n/demo-uploads/uploads/alice/hello.txt',
    );
    await expect(latest.getByTestId('call-canonical')).toContainText(
      'x-amz-security-token:(session token: ••••',
    );
    await expect(latest.getByTestId('call-string-to-sign')).toContainText(
      `/${kit.config.region}/s3/aws4_request`,
    );
    await expect(latest.getByTestId('call-signature-check')).toHaveText('matches');
    expect(kit.aws.calls({ action: 'PutObject' }).at(-1)).toMatchObject({
      subject: 'alice',
      outcome: 'success',
    });

    await step.getByTestId('call-list').click();
    await expect(step.getByTestId('call-result').first().getByTestId('call-outcome')).toContainText(
      '200 OK · uploads/alice/hello.txt',
    );
    await step.getByTestId('call-denied').click();
    const denied = step.getByTestId('call-result').first();
    await expect(denied.getByTestId('call-outcome')).toContainText('403 AccessDenied');
    await expect(denied.getByTestId('call-canonical')).toContainText('/demo-uploads/uploads/bob/probe.txt');
    expect(kit.aws.calls({ action: 'PutObject' }).at(-1)?.outcome).toBe('AccessDenied');
    const permissions = step.getByTestId('call-permissions');
    await expect(permissions).toContainText('arn:aws:s3:::demo-uploads/uploads/alice/*');
    await expect(permissions).not.toContainText('${');
    const provider = kit.config.issuer.replace('http://', '');
    await expect(step.getByTestId('call-permissions-written')).toContainText(
      `arn:aws:s3:::demo-uploads/uploads/\${${provider}:sub}/*`,
    );
  });

  const mistakes: {
    id: string;
    code: string;
    calls: number;
    message: RegExp;
    fix: string;
    kit?: string;
  }[] = [
    {
      id: 'access-token',
      code: 'NotAnIdToken',
      calls: 0,
      message: /not a JWT|access token/,
      fix: 'return the ID token: user.id_token (oidc-client-ts / react-oidc-context)',
    },
    {
      id: 'wrong-audience',
      code: 'AccessDenied',
      calls: 1,
      message: /Not authorized to perform sts:AssumeRoleWithWebIdentity/,
      fix: 'the client ID, not an API audience',
      kit: ':aud expects "web-identity-demo", the token has "https://api.example.com"',
    },
    {
      id: 'expired',
      code: 'ExpiredIdentityToken',
      calls: 1,
      message: /ExpiredToken/,
      fix: 'on forceRefresh, renew silently (signinSilent()',
      kit: 'ExpiredTokenException',
    },
    {
      id: 'trailing-slash',
      code: 'InvalidIdentityToken',
      calls: 2,
      message: /No OpenIDConnect provider found in your account/,
      fix: 'create the IAM OIDC provider with exactly the iss of your tokens',
      kit: 'only by a trailing slash',
    },
    {
      id: 'untrusted-role',
      code: 'AccessDenied',
      calls: 1,
      message: /Not authorized to perform sts:AssumeRoleWithWebIdentity/,
      fix: 'the Principal.Federated provider ARN',
      kit: 'trusts Federated: cognito-identity.amazonaws.com, but this token comes from',
    },
    {
      id: 'throttled',
      code: 'Throttled',
      calls: 1,
      message: /Throttling/,
      fix: 'create one client per app (the adapters do this); the library backs off with jitter on its own',
    },
  ];
  for (const m of mistakes) {
    test(`step-mistakes: ${m.id} shows ${m.code}, what the library said and the README's fix`, async () => {
      const block = panel('step-mistakes').getByTestId(`mistake-${m.id}`);
      await block.getByTestId(`mistake-${m.id}-run`).click();
      await expect(block.getByTestId(`mistake-${m.id}-code`)).toHaveText(m.code);
      await expect(block.getByTestId(`mistake-${m.id}-message`)).toHaveText(m.message);
      await expect(block.getByTestId(`mistake-${m.id}-calls`)).toHaveText(String(m.calls));
      await expect(block.getByTestId(`mistake-${m.id}-see`)).toContainText(m.code);
      await expect(block.getByTestId(`mistake-${m.id}-fix`)).toContainText(m.fix);
      if (m.kit) await expect(block.getByTestId(`mistake-${m.id}-kit`)).toContainText(m.kit);
      // the page's own session is untouched by the scenario
      await expect(page.getByTestId('status')).toHaveText('ready');
    });
  }

  test('no token or secret in the page, the console or any browser storage', async () => {
    // ID, access and refresh tokens from the IdP, minted scenario tokens, secret keys and session tokens
    expect(watcher.secrets.size).toBeGreaterThanOrEqual(6);
    const html = await page.evaluate(() => document.documentElement.outerHTML);
    expect(watcher.leaksIn(html), 'secrets in page').toEqual([]);
    expect(watcher.leaksIn(watcher.console.join('\n')), 'secrets in console').toEqual([]);
    expect(watcher.leaksIn(await dumpBrowserStorage(page)), 'secrets in storage').toEqual([]);
    await page.getByTestId('sign-out').click();
    await expect(page.getByTestId('status')).toHaveText('signed-out');
    await expect(panel('step-exchange')).toContainText('No exchange yet');
    expect(watcher.leaksIn(await dumpBrowserStorage(page)), 'secrets in storage after sign-out').toEqual([]);
  });
});
