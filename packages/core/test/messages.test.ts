import { describe, expect, it } from 'vitest';
import { CredentialsError, createCredentialsClient, webIdentity } from '../src/index.js';
import { SERVER_CLIENT } from '../src/internal.js';
import { ROLE } from './helpers.js';

// Runs in both test runs: development (advice in plain words) and the production build (code + docs link).
const production = process.env.NODE_ENV === 'production';
const DOCS = 'https://github.com/web-identity/web-identity/tree/main/packages/core#error-codes';

function thrown(fn: () => unknown): CredentialsError {
  try {
    fn();
  } catch (e) {
    return e as CredentialsError;
  }
  throw new Error('expected a throw');
}

describe(`error messages (${production ? 'production' : 'development'})`, () => {
  it('a bad option names the option in development, and the code and the docs in production', () => {
    const err = thrown(() =>
      createCredentialsClient({
        region: 'eu-west-1',
        source: webIdentity({ roleArn: ROLE }),
        getIdToken: () => null,
        minValidityMs: -1,
      }),
    );
    expect(err).toBeInstanceOf(CredentialsError);
    expect(err.code).toBe('Configuration');
    if (production) expect(err.message).toBe(`Configuration: see ${DOCS}`);
    else expect(err.message).toMatch(/minValidityMs must be a number of milliseconds/);
  });

  it('a signed-out getCredentials() says NoIdentityToken either way', async () => {
    const err = (await SERVER_CLIENT.getCredentials().catch((e: unknown) => e)) as CredentialsError;
    expect(err.code).toBe('NoIdentityToken');
    if (production) expect(err.message).toBe(`NoIdentityToken: see ${DOCS}`);
    else expect(err.message).toMatch(/server-side rendering/);
  });
});
