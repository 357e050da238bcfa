import { describe, expect, it, vi } from 'vitest';
import {
  CredentialsError,
  cognitoIdentityPool,
  createCredentialsClient,
  fetchTransport,
  type Transport,
} from '../src/index.js';
import { xmlText } from '../src/transport/fetch.js';
import { freshResult, jwt, ROLE } from './helpers.js';

const POOL = 'eu-west-1:7d1a3f0e-5b1c-4c9a-9a57-0f6e2d4b8c11';

function cognitoFake() {
  let ids = 0;
  const t = {
    name: 'fake',
    assumeRoleWithWebIdentity: vi.fn(async () => freshResult()),
    cognitoGetId: vi.fn(async () => ({ identityId: `eu-west-1:id-${++ids}` })),
    cognitoGetCredentialsForIdentity: vi.fn(async (i: { identityId: string }) => ({
      ...freshResult(),
      identity: { identityId: i.identityId },
    })),
    cognitoGetOpenIdToken: vi.fn(async (i: { identityId: string }) => ({
      identityId: i.identityId,
      token: 'cognito-oidc',
    })),
  } satisfies Transport;
  return t;
}

describe('cognitoIdentityPool', () => {
  it('enhanced flow: GetId once per subject (kept in memory), then GetCredentialsForIdentity', async () => {
    const t = cognitoFake();
    let sub = 'alice';
    const client = createCredentialsClient({
      region: 'us-east-1',
      source: cognitoIdentityPool({ identityPoolId: POOL }),
      getIdToken: () => jwt({ sub }),
      transport: t,
    });
    await client.getCredentials();
    await client.refresh();
    expect(t.cognitoGetId).toHaveBeenCalledTimes(1);
    expect(t.cognitoGetCredentialsForIdentity).toHaveBeenCalledTimes(2);
    const [input, opts] = t.cognitoGetId.mock.calls[0] as unknown as [
      { logins: Record<string, string> },
      { region: string },
    ];
    expect(Object.keys(input.logins)).toEqual(['idp.test']);
    expect(opts.region).toBe('eu-west-1'); // from the pool id, not the client
    expect(client.getSnapshot().identity).toMatchObject({ subject: 'alice', identityId: 'eu-west-1:id-1' });
    sub = 'bob';
    await client.refresh();
    expect(t.cognitoGetId).toHaveBeenCalledTimes(2);
    client.dispose();
  });

  it('forgets a vanished identity id and asks GetId again once', async () => {
    const t = cognitoFake();
    const source = cognitoIdentityPool({ identityPoolId: POOL, providerName: 'accounts.example.com' });
    const client = createCredentialsClient({
      region: 'eu-west-1',
      source,
      getIdToken: () => jwt(),
      transport: t,
    });
    await client.getCredentials();
    t.cognitoGetCredentialsForIdentity.mockRejectedValueOnce(new CredentialsError('Configuration', 'gone'));
    await client.refresh();
    expect(t.cognitoGetId).toHaveBeenCalledTimes(2);
    client.dispose();
  });

  it('basic flow: GetId, GetOpenIdToken, then STS with the Cognito token and the custom role', async () => {
    const t = cognitoFake();
    const role = 'arn:aws:iam::123456789012:role/CognitoPhotoUploader';
    const client = createCredentialsClient({
      region: 'eu-west-1',
      source: cognitoIdentityPool({ identityPoolId: POOL, flow: 'basic', customRoleArn: role }),
      getIdToken: () => jwt(),
      transport: t,
    });
    await client.getCredentials();
    expect(t.assumeRoleWithWebIdentity).toHaveBeenCalledWith(
      expect.objectContaining({ roleArn: role, webIdentityToken: 'cognito-oidc', roleSessionName: 'alice' }),
      expect.anything(),
    );
    expect(client.getSnapshot().identity?.identityId).toBe('eu-west-1:id-1');
    client.dispose();
  });

  it.each([
    [{ identityPoolId: 'nope' }],
    [{ identityPoolId: POOL, flow: 'basic' as const }],
    [{ identityPoolId: POOL, customRoleArn: 'role' }],
    // Guests in the basic flow need the role STS assumes for them.
    [{ identityPoolId: POOL, flow: 'basic' as const, customRoleArn: ROLE, guest: true }],
    [{ identityPoolId: POOL, guest: true, guestRoleArn: 'role' }],
    [{ identityPoolId: POOL, guest: 'yes' as unknown as boolean }],
  ])('rejects bad configuration at construction (%#)', (opts) => {
    expect(() => cognitoIdentityPool(opts)).toThrow(expect.objectContaining({ code: 'Configuration' }));
  });
});

describe('fetchTransport wire handling', () => {
  const signal = new AbortController().signal;
  const opts = { region: 'eu-west-1', endpoint: 'https://sts.test/', signal };
  const answer = (status: number, body: string, headers: Record<string, string> = {}) =>
    vi.fn(async () => new Response(body, { status, headers }));

  it('reads XML entities and namespaced tags', () => {
    expect(xmlText('<a:Code>x&amp;y&#65;&#x42;&lt;</a:Code>', 'Code')).toBe('x&yAB<');
    expect(xmlText('<Message xml:lang="en">hi</Message>', 'Message')).toBe('hi');
  });

  it('maps a Cognito error with a namespaced __type', async () => {
    const f = answer(
      400,
      JSON.stringify({
        __type: 'com.amazonaws#NotAuthorizedException',
        message: 'Invalid login token. Token expired: 1 >= 0',
      }),
    );
    const err = await fetchTransport({ fetch: f })
      .cognitoGetId({ identityPoolId: 'p', logins: {} }, opts)
      .catch((e) => e);
    expect(err).toMatchObject({ code: 'ExpiredIdentityToken' });
  });

  it('treats a 200 without credentials as a retryable server error, and a timeout as Network', async () => {
    const bad = await fetchTransport({ fetch: answer(200, '<html>proxy</html>') })
      .assumeRoleWithWebIdentity({ roleArn: 'r', roleSessionName: 's', webIdentityToken: 't' }, opts)
      .catch((e) => e);
    expect(bad).toMatchObject({ code: 'ServerError', retryable: true });
    const hang = vi.fn(
      (_u: unknown, init?: RequestInit) =>
        new Promise<Response>((_r, reject) =>
          init?.signal?.addEventListener('abort', () => reject(new Error('aborted'))),
        ),
    );
    const slow = await fetchTransport({ fetch: hang as unknown as typeof fetch, timeoutMs: 5 })
      .assumeRoleWithWebIdentity({ roleArn: 'r', roleSessionName: 's', webIdentityToken: 't' }, opts)
      .catch((e) => e);
    expect(slow).toMatchObject({ code: 'Network', retryable: true });
    expect(slow.message).toMatch(/timed out/);
  });

  it('sends form-encoded STS with policy ARNs and never puts the token in an error', async () => {
    const f = answer(
      400,
      '<ErrorResponse><Error><Code>InvalidIdentityToken</Code><Message>bad eyJa.eyJb.sig</Message></Error></ErrorResponse>',
    );
    const err = await fetchTransport({ fetch: f })
      .assumeRoleWithWebIdentity(
        {
          roleArn: 'r',
          roleSessionName: 's',
          webIdentityToken: 'eyJa.eyJb.sig',
          policyArns: ['arn:a', 'arn:b'],
        },
        opts,
      )
      .catch((e) => e);
    expect(err.code).toBe('InvalidIdentityToken');
    expect(err.message).not.toContain('eyJa.eyJb.sig');
    const body = new URLSearchParams(String((f.mock.calls[0] as unknown as [string, RequestInit])[1].body));
    expect(body.get('Action')).toBe('AssumeRoleWithWebIdentity');
    expect(body.get('PolicyArns.member.2.arn')).toBe('arn:b');
  });
});
