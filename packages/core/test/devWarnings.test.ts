import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCredentialsClient, webIdentity } from '../src/index.js';
import { fakeTransport, jwt, ROLE } from './helpers.js';

// Runs in both suites: vitest.config.ts (development) and vitest.production.config.ts (the built dist with
// NODE_ENV=production, read when the package is imported, as a bundler would fold it).
const production = process.env.NODE_ENV === 'production';

afterEach(() => {
  vi.restoreAllMocks();
});

function setup(extra: { refreshBeforeExpiryMs: number; minValidityMs: number }) {
  return createCredentialsClient({
    region: 'eu-west-1',
    source: webIdentity({ roleArn: ROLE }),
    getIdToken: () => jwt(),
    transport: fakeTransport().transport,
    ...extra,
  });
}

describe('development warnings', () => {
  it(production ? 'are silent in production' : 'link to the README, once each', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    setup({ refreshBeforeExpiryMs: 1000, minValidityMs: 60_000 });
    setup({ refreshBeforeExpiryMs: 1000, minValidityMs: 60_000 });
    if (production) {
      expect(warn).not.toHaveBeenCalled();
      return;
    }
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toMatch(
      /packages\/core#refreshbeforeexpiryms-shorter-than-minvalidityms$/,
    );
  });
});
