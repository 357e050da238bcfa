import { expect, it, vi } from 'vitest';
import { cognitoIdentityPool, type Transport } from '../src/index.js';
import { freshResult } from './helpers.js';

const POOL = 'eu-west-1:7d1a3f0e-5b1c-4c9a-9a57-0f6e2d4b8c11';

it('finding 4: the identity ids a server-side cognitoIdentityPool keeps are bounded (1,000, LRU)', async () => {
  let n = 0;
  const transport = {
    name: 'fake',
    assumeRoleWithWebIdentity: vi.fn(),
    cognitoGetId: vi.fn(async () => ({ identityId: `eu-west-1:id-${++n}` })),
    cognitoGetCredentialsForIdentity: vi.fn(async (i: { identityId: string }) => ({
      ...freshResult(),
      identity: { identityId: i.identityId },
    })),
    cognitoGetOpenIdToken: vi.fn(),
  } as unknown as Transport & { cognitoGetId: ReturnType<typeof vi.fn> };
  const source = cognitoIdentityPool({ identityPoolId: POOL, providerName: 'idp.test' });
  const signal = new AbortController().signal;
  const exchange = (sub: string) =>
    source.exchange('t', {
      region: 'eu-west-1',
      claims: { sub, iss: 'https://idp.test' },
      transport,
      signal,
    });
  await exchange('user-0');
  await exchange('user-1');
  await exchange('user-0'); // kept: user-0 is now the most recently used
  expect(transport.cognitoGetId).toHaveBeenCalledTimes(2);
  for (let i = 2; i <= 1_000; i++) await exchange(`user-${i}`); // 1,001 subjects seen
  expect(transport.cognitoGetId).toHaveBeenCalledTimes(1_001);
  await exchange('user-0'); // still kept (recently used)
  expect(transport.cognitoGetId).toHaveBeenCalledTimes(1_001);
  await exchange('user-1'); // the least recently used one went
  expect(transport.cognitoGetId).toHaveBeenCalledTimes(1_002);
});
