/**
 * The suite can fail: run in this process against a core that breaks one promise each, the scenario that guards
 * the promise reports `fail` with a reason (and the others still pass).
 */
import * as realCore from '@web-identity/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConformanceKit, startConformanceKit } from '../src/host/index.js';
import { type Core, runSuite } from '../src/index.js';

let kit: ConformanceKit;
beforeAll(async () => {
  kit = await startConformanceKit();
}, 60_000);
afterAll(() => kit?.close());

/** `core` with `createCredentialsClient` wrapped by `wrap`. */
function brokenCore(
  wrap: (create: Core['createCredentialsClient']) => Core['createCredentialsClient'],
): Core {
  return { ...realCore, createCredentialsClient: wrap(realCore.createCredentialsClient) };
}

describe('the suite detects a broken core', () => {
  it('no wake signal through the platform seam: wake-after-hidden fails', async () => {
    const core = brokenCore(
      (create) => (options) =>
        create({ ...options, platform: { ...options.platform, watchWake: () => () => {} } }),
    );
    const results = await runSuite(
      core,
      kit.urls,
      { name: 'broken' },
      { only: ['wake-after-hidden', 'exchange-web-identity'] },
    );
    expect(results['exchange-web-identity']).toEqual({ status: 'pass' });
    expect(results['wake-after-hidden']?.status).toBe('fail');
    expect(results['wake-after-hidden']?.reason).toMatch(/wake/);
  }, 30_000);

  it('one exchange per caller: single-flight fails', async () => {
    const core = brokenCore((create) => (options) => {
      const client = create(options);
      const getCredentials = () => create(options).getCredentials(); // a new client, so a new exchange, per call
      return new Proxy({} as typeof client, {
        get: (_target, key) => (key === 'getCredentials' ? getCredentials : Reflect.get(client, key)),
      });
    });
    const results = await runSuite(core, kit.urls, { name: 'broken' }, { only: ['single-flight'] });
    expect(results['single-flight']?.status).toBe('fail');
    expect(results['single-flight']?.reason).toMatch(/one set of keys|one STS call/);
  }, 30_000);

  it('a target that says it cannot run a scenario gets n/a with that reason, without running it', async () => {
    const results = await runSuite(
      realCore,
      kit.urls,
      { name: 'x', notApplicable: { 'signed-fetch-s3': 'no fetch' } },
      {
        only: ['signed-fetch-s3'],
      },
    );
    expect(results).toEqual({ 'signed-fetch-s3': { status: 'n/a', reason: 'no fetch' } });
  });
});
