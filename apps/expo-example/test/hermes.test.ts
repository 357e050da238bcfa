/**
 * Core in the Hermes VM, bundled by the app's Metro config, with React Native's globals and nothing else
 * (no `crypto`, no DOM): every scenario of ./hermes/scenarios.ts against the local kit over real HTTP, checked
 * here against what the kit itself saw. Writes results/hermes.json (pass / fail / n/a with the reason).
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DEFAULT_IDENTITY_POOL_ID,
  DEFAULT_ROLE_ARN,
  GUEST_IDENTITY_POOL_ID,
  type LocalAws,
  type LocalIdp,
  startLocalAws,
  startLocalIdp,
} from '@web-identity/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleForHermes } from './hermes/bundle.mjs';
import { type HermesRun, runInHermes } from './hermes/host.js';

const RESULTS_DIR = join(import.meta.dirname, '..', 'results');

/** The results file: one outcome per scenario, with what ran them. */
function resultsFile(r: HermesRun) {
  return {
    target: 'hermes',
    runtime:
      'Hermes VM 0.12 (hermes-engine-cli), React Native 0.86 globals, bundled by Metro (babel-preset-expo)',
    bridged:
      'timers, HTTP (XMLHttpRequest transport), console and AsyncStorage are played by the Node host, standing in for React Native native modules',
    scenarios: r.results,
  };
}

let idp: LocalIdp;
let aws: LocalAws;
let run: HermesRun;
const bundlePath = join(tmpdir(), `web-identity-hermes-${process.pid}.js`);

beforeAll(async () => {
  idp = await startLocalIdp();
  aws = await startLocalAws({ idp, credentialLifetimeSeconds: 20 });
  await bundleForHermes({ entry: join(import.meta.dirname, 'hermes', 'scenarios.ts'), out: bundlePath });
  run = await runInHermes({
    bundlePath,
    kit: { idp, aws },
    config: {
      region: aws.region,
      endpoint: aws.endpoint,
      roleArn: DEFAULT_ROLE_ARN,
      poolId: DEFAULT_IDENTITY_POOL_ID,
      guestPoolId: GUEST_IDENTITY_POOL_ID,
    },
    timeoutMs: 120_000,
  });
}, 240_000);

afterAll(async () => {
  await rm(bundlePath, { force: true });
  await aws?.close();
  await idp?.close();
});

/** Scenarios every Hermes run must pass (the n/a ones say why in the results file). */
const EXPECTED_PASS = [
  'no crypto or DOM globals',
  'exchange with webIdentity',
  'exchange with cognitoIdentityPool',
  'single flight',
  'proactive refresh',
  'wake from AppState',
  'guest id kept in the storage the app passes',
  'sign-out wins a race',
  'typed error for an access token',
  'typed error for an AWS refusal',
];

describe('core in Hermes (React Native globals, no crypto, no DOM)', () => {
  it.each(EXPECTED_PASS)('%s', (name) => {
    expect(run.results[name], name).toMatchObject({ status: 'pass' });
  });

  it('reports every other scenario as n/a with its reason, none missing or failed', () => {
    const others = Object.entries(run.results).filter(([name]) => !EXPECTED_PASS.includes(name));
    expect(others.length).toBeGreaterThan(0);
    for (const [name, outcome] of others) {
      expect(outcome.status, name).toBe('n/a');
      expect(outcome.detail.length, name).toBeGreaterThan(20);
    }
  });

  it('went over real HTTP to the kit: STS and Cognito saw the exchanges', () => {
    const actions = aws.calls().map((c) => c.action);
    // exchange, single flight, the refresh scenario's two, wake: at least five STS exchanges
    expect(actions.filter((a) => a === 'AssumeRoleWithWebIdentity').length).toBeGreaterThanOrEqual(5);
    expect(actions).toContain('GetId');
    expect(actions).toContain('GetCredentialsForIdentity');
  });

  it('kept no key, secret or token in AsyncStorage or the console', () => {
    const leaked = /ASIA[A-Z0-9]{12}|eyJ[\w-]{10,}|SecretAccessKey|sessionToken/;
    for (const line of run.logs) expect(line).not.toMatch(leaked);
    for (const value of run.stored) expect(value).not.toMatch(leaked);
    expect(run.stored.length).toBeGreaterThan(0); // the guest record was written
    expect(run.storage.size).toBe(0); // and removed on sign-out
  });

  it('writes results/hermes.json', async () => {
    await mkdir(RESULTS_DIR, { recursive: true });
    await writeFile(join(RESULTS_DIR, 'hermes.json'), `${JSON.stringify(resultsFile(run), null, 2)}\n`);
  });
});
