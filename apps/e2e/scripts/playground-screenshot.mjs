// Takes docs/playground.png for the root README: the playground against the local kit in Debian
// Chromium, signed in as alice, after a signed S3 call and two mistakes. Refuses to write the picture if
// any token or secret the browser received is in the page or the console (masked values only).
// Run: sh tools/pnpm.sh --filter @web-identity/e2e run screenshot:playground (after building the playground).
import { fileURLToPath } from 'node:url';
import { startLocalKit } from '@web-identity/testing';
import { serveApp } from '../../../tools/static-server.mjs';
import { launchFreshContext } from '../src/browser.ts';
import { SecretWatcher } from '../src/secrets.ts';

const dist = fileURLToPath(new URL('../../playground/dist', import.meta.url));
const out = fileURLToPath(new URL('../../../docs/playground.png', import.meta.url));

const kit = await startLocalKit();
const app = await serveApp(dist, kit.config);
const browser = await launchFreshContext();
try {
  const page = browser.context.pages()[0] ?? (await browser.context.newPage());
  await page.setViewportSize({ width: 1200, height: 900 });
  const watcher = new SecretWatcher();
  watcher.attach(page);
  await page.goto(app.url);
  await page.getByTestId('sign-in').click();
  await page.locator('input[name="login"]').fill('alice');
  await page.locator('input[name="password"]').fill('password');
  await page.locator('button[type="submit"]').click();
  await page.getByTestId('trust-summary').waitFor();
  await page.getByTestId('plan-next').filter({ hasText: 'refresh' }).waitFor();
  await page.getByTestId('call-put').click();
  await page.getByTestId('call-signature-check').first().waitFor();
  for (const id of ['wrong-audience', 'trailing-slash']) {
    await page.getByTestId(`mistake-${id}-run`).click();
    await page.getByTestId(`mistake-${id}-fix`).waitFor();
  }
  const text = await page.evaluate(() => document.documentElement.outerHTML);
  const leaks = [...watcher.leaksIn(text), ...watcher.leaksIn(watcher.console.join('\n'))];
  if (watcher.secrets.size === 0 || leaks.length > 0) {
    throw new Error(
      `not writing a screenshot: ${leaks.length ? `secrets on the page: ${leaks}` : 'no secrets seen'}`,
    );
  }
  // Steps 1 to 4 (sign-in, the token, the trust verdict, the exchange): the rest is one scroll away.
  await page.screenshot({ path: out, fullPage: true, clip: { x: 0, y: 0, width: 1200, height: 3080 } });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
  await app.close();
  await kit.close();
}
