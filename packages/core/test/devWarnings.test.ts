import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCredentialsClient, webIdentity } from '../src/index.js';
import { fakeTransport, jwt, ROLE } from './helpers.js';

// Development builds only: the production run (vitest.production.config.ts) leaves this file out.

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
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
  it('are silent in production and link to the README otherwise, once each', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    vi.stubEnv('NODE_ENV', 'production');
    setup({ refreshBeforeExpiryMs: 1000, minValidityMs: 60_000 });
    expect(warn).not.toHaveBeenCalled();
    vi.stubEnv('NODE_ENV', 'development');
    setup({ refreshBeforeExpiryMs: 1000, minValidityMs: 60_000 });
    setup({ refreshBeforeExpiryMs: 1000, minValidityMs: 60_000 });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toMatch(
      /packages\/core#refreshbeforeexpiryms-shorter-than-minvalidityms$/,
    );
    vi.unstubAllEnvs();
  });
});
