/**
 * Core in the Hermes VM, bundled by the app's Metro config, with React Native's globals and nothing else (no
 * `crypto`, no DOM): the conformance suite and React Native's own scenarios (./hermes/scenarios.ts) against the
 * local kit over real HTTP. Writes the suite's results to apps/conformance/results/hermes.json.
 */
import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SCENARIO_IDS } from '@web-identity/conformance';
import {
  type ConformanceKit,
  RESULTS_DIR,
  startConformanceKit,
  writeResults,
} from '@web-identity/conformance/host';
import { GUEST_IDENTITY_POOL_ID } from '@web-identity/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleForHermes } from './hermes/bundle.mjs';
import { type HermesRun, runInHermes } from './hermes/host.js';

/** Suite scenarios Hermes cannot run, each reported n/a with its reason by the run itself. */
const NOT_APPLICABLE = ['cross-tab'];
/** Runs with a WebCrypto module that the app installs (React Native has no `crypto.subtle`); says so. */
const WITH_WEBCRYPTO_MODULE = 'signed-fetch-s3';

const REACT_NATIVE = [
  'runs in Hermes',
  'no crypto or DOM globals',
  'wake from AppState',
  'guest id kept in the storage the app passes',
];

let kit: ConformanceKit;
let run: HermesRun;
const bundlePath = join(tmpdir(), `web-identity-hermes-${process.pid}.js`);

beforeAll(async () => {
  kit = await startConformanceKit();
  await bundleForHermes({ entry: join(import.meta.dirname, 'hermes', 'scenarios.ts'), out: bundlePath });
  run = await runInHermes({
    bundlePath,
    config: { kit: kit.urls, guestPoolId: GUEST_IDENTITY_POOL_ID },
    timeoutMs: 300_000,
    onScenario: (r) =>
      console.log(`hermes: ${r.status.padEnd(4)} ${r.id}${r.reason ? ` — ${r.reason}` : ''}`),
  });
}, 420_000);

afterAll(async () => {
  await rm(bundlePath, { force: true });
  await kit?.close();
});

describe('the conformance suite in Hermes (React Native globals, no crypto, no DOM)', () => {
  it('ran every scenario of the suite, in order', () => {
    expect(Object.keys(run.suite)).toEqual(SCENARIO_IDS);
  });

  it.each(SCENARIO_IDS.filter((id) => !NOT_APPLICABLE.includes(id) && id !== WITH_WEBCRYPTO_MODULE))(
    '%s passes',
    (id) => {
      expect(run.suite[id], id).toEqual({ status: 'pass' });
    },
  );

  it(`${WITH_WEBCRYPTO_MODULE} passes with the app's WebCrypto module, and says so`, () => {
    expect(run.suite[WITH_WEBCRYPTO_MODULE]?.status).toBe('pass');
    expect(run.suite[WITH_WEBCRYPTO_MODULE]?.reason).toMatch(/WebCrypto module/);
  });

  it.each(NOT_APPLICABLE)('%s is n/a, with its reason', (id) => {
    expect(run.suite[id]?.status, id).toBe('n/a');
    expect(run.suite[id]?.reason?.length, id).toBeGreaterThan(20);
  });

  it('writes results/hermes.json', async () => {
    await mkdir(RESULTS_DIR, { recursive: true });
    expect(writeResults('hermes', run.suite)).toMatch(/hermes\.json$/);
  });
});

describe("React Native's own scenarios in Hermes", () => {
  it.each(REACT_NATIVE)('%s', (name) => {
    expect(run.reactNative[name], name).toMatchObject({ status: 'pass' });
  });

  it('kept no key, secret or token in AsyncStorage or the console', () => {
    const leaked = /ASIA[A-Z0-9]{12}|eyJ[\w-]{10,}|SecretAccessKey|sessionToken/;
    for (const line of run.logs) expect(line).not.toMatch(leaked);
    for (const value of run.stored) expect(value).not.toMatch(leaked);
    expect(run.stored.length).toBeGreaterThan(0); // the guest record was written
    expect(run.storage.size).toBe(0); // and removed on sign-out
  });
});
