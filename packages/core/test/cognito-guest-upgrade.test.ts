/**
 * The guest-to-user switch of cognitoIdentityPool when Cognito refuses the link (an error instead of AWS's usual
 * merge, which the kit plays and integration.guest.test.ts covers): the login's own identity is used, an event
 * says `switched`, and the guest's id is dropped only once that worked. A scripted transport, no network.
 */
import { describe, expect, it } from 'vitest';
import {
  CredentialsError,
  type CredentialsErrorCode,
  type CredentialsEvent,
  cognitoIdentityPool,
  createCredentialsClient,
  GUEST_IDENTITY_STORAGE_PREFIX,
  type Transport,
} from '../src/index.js';
import { freshResult, jwt } from './helpers.js';

const POOL = 'eu-west-1:7d1a3f0e-5b1c-4c9a-9a57-0f6e2d4b8c11';
const GUEST = 'eu-west-1:11111111-1111-4111-8111-111111111111';
const USER = 'eu-west-1:22222222-2222-4222-8222-222222222222';
const KEY = `${GUEST_IDENTITY_STORAGE_PREFIX}${POOL}`;

const awsRefusal = (code: CredentialsErrorCode, awsCode: string) =>
  new CredentialsError(code, `${code} (Cognito Identity said ${awsCode})`, { cause: { code: awsCode } });

/** Cognito as a script: a link of the guest id with logins fails with `linkError`; GetId with logins fails with `getIdError` or answers USER. */
function scripted(linkError: CredentialsError, getIdError?: CredentialsError) {
  const calls: string[] = [];
  const transport: Transport = {
    name: 'scripted',
    assumeRoleWithWebIdentity: () => Promise.reject(new Error('not used')),
    cognitoGetOpenIdToken: () => Promise.reject(new Error('not used')),
    async cognitoGetId(input) {
      calls.push(`GetId${input.logins ? '+logins' : ''}`);
      if (getIdError) throw getIdError;
      return { identityId: USER };
    },
    async cognitoGetCredentialsForIdentity(input) {
      calls.push(
        `Credentials ${input.identityId === GUEST ? 'guest' : 'user'}${input.logins ? '+logins' : ''}`,
      );
      if (input.identityId === GUEST && input.logins) throw linkError;
      return { ...freshResult(), identity: { identityId: input.identityId } };
    },
  };
  return { transport, calls };
}

function signedIn(transport: Transport) {
  // A guest this browser minted a moment ago.
  const map = new Map([[KEY, JSON.stringify({ id: GUEST, at: Date.now() })]]);
  const storage = {
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => void map.set(k, v),
    removeItem: (k: string) => void map.delete(k),
  };
  const events: CredentialsEvent[] = [];
  const client = createCredentialsClient({
    region: 'eu-west-1',
    source: cognitoIdentityPool({ identityPoolId: POOL, guest: true, guestStorage: storage }),
    getIdToken: () => jwt({ sub: 'alice' }),
    transport,
    onEvent: (e) => events.push(e),
  });
  return { client, map, events };
}

describe('a guest signs in and Cognito refuses to link the login to the guest identity', () => {
  it.each([
    ['ResourceConflictException', awsRefusal('AccessDenied', 'ResourceConflictException')],
    ['NotAuthorizedException', awsRefusal('InvalidIdentityToken', 'NotAuthorizedException')],
  ])(
    '%s: the login’s own identity, a switched event, the guest id dropped, no error',
    async (_n, refusal) => {
      const { transport, calls } = scripted(refusal);
      const { client, map, events } = signedIn(transport);
      await client.getCredentials();
      expect(client.getSnapshot()).toMatchObject({ status: 'ready', error: null });
      expect(client.getSnapshot().identity).toMatchObject({ subject: 'alice', identityId: USER });
      expect(calls).toEqual(['Credentials guest+logins', 'GetId+logins', 'Credentials user+logins']);
      expect(events.filter((e) => e.type === 'guest-upgrade')).toEqual([
        { type: 'guest-upgrade', source: 'cognitoIdentityPool', outcome: 'switched' },
      ]);
      expect(map.size).toBe(0);
      client.dispose();
    },
  );

  it('a token AWS refuses everywhere keeps the guest id for the next sign-in', async () => {
    const bad = awsRefusal('InvalidIdentityToken', 'NotAuthorizedException');
    const { transport } = scripted(bad, bad);
    const { client, map, events } = signedIn(transport);
    await expect(client.getCredentials()).rejects.toMatchObject({ code: 'InvalidIdentityToken' });
    expect(JSON.parse(map.get(KEY)!).id).toBe(GUEST);
    expect(events.some((e) => e.type === 'guest-upgrade')).toBe(false);
    client.dispose();
  });

  it('a retryable failure of the link keeps the guest id and is retried as a link', async () => {
    const { transport, calls } = scripted(awsRefusal('Throttled', 'TooManyRequestsException'));
    const { client, map } = signedIn(transport);
    await expect(client.getCredentials()).rejects.toMatchObject({ code: 'Throttled', retryable: true });
    expect(calls).toEqual(['Credentials guest+logins']);
    expect(JSON.parse(map.get(KEY)!).id).toBe(GUEST);
    client.dispose();
  });
});
