/**
 * The two entry points over real HTTP against the local kit: with no `transport` option, sources from
 * `@web-identity/core` and from its alias `@web-identity/core/fetch` exchange through fetch (the SDK is the
 * opt-in `sdkTransport()`); a custom source that calls `ctx.transport` with none given fails in words, before any
 * AWS call.
 */
import { DEFAULT_IDENTITY_POOL_ID, DEFAULT_ROLE_ARN } from '@web-identity/testing';
import { describe, expect, it } from 'vitest';
import * as lean from '../src/fetch.js';
import type { CredentialsEvent, CredentialsSource } from '../src/index.js';
import * as main from '../src/index.js';
import { useLocalKit } from './kit.js';

const kit = useLocalKit();

describe.each([
  ['@web-identity/core', main, 'fetch'],
  ['@web-identity/core/fetch', lean, 'fetch'],
] as const)('sources from %s', (_entry, api, expected) => {
  it(`webIdentity exchanges through the ${expected} transport by default`, async () => {
    const events: CredentialsEvent[] = [];
    const client = api.createCredentialsClient({
      region: kit.aws.region,
      source: api.webIdentity({ roleArn: DEFAULT_ROLE_ARN, endpoint: kit.aws.endpoint }),
      getIdToken: () => kit.idp.issueIdToken({ sub: `entry-${expected}` }),
      broadcastChannel: false,
      onEvent: (e) => events.push(e),
    });
    const before = kit.aws.calls().length;
    const creds = await client.getCredentials();
    expect(creds.accessKeyId).toMatch(/^ASIA/);
    expect(kit.aws.calls().length).toBe(before + 1);
    expect(events.find((e) => e.type === 'exchange-success')).toMatchObject({ transport: expected });
    client.dispose();
  });

  it(`cognitoIdentityPool exchanges through the ${expected} transport by default`, async () => {
    const events: CredentialsEvent[] = [];
    const client = api.createCredentialsClient({
      region: kit.aws.region,
      source: api.cognitoIdentityPool({
        identityPoolId: DEFAULT_IDENTITY_POOL_ID,
        endpoint: kit.aws.endpoint,
        stsEndpoint: kit.aws.endpoint,
      }),
      getIdToken: () => kit.idp.issueIdToken({ sub: `pool-${expected}` }),
      broadcastChannel: false,
      onEvent: (e) => events.push(e),
    });
    await expect(client.getCredentials()).resolves.toHaveProperty('sessionToken');
    expect(events.find((e) => e.type === 'exchange-success')).toMatchObject({ transport: expected });
    client.dispose();
  });

  it('the transport option still wins over the source default', async () => {
    const events: CredentialsEvent[] = [];
    const other = main.sdkTransport();
    const client = api.createCredentialsClient({
      region: kit.aws.region,
      source: api.webIdentity({ roleArn: DEFAULT_ROLE_ARN, endpoint: kit.aws.endpoint }),
      getIdToken: () => kit.idp.issueIdToken({ sub: 'entry-override' }),
      transport: other,
      broadcastChannel: false,
      onEvent: (e) => events.push(e),
    });
    await client.getCredentials();
    expect(events.find((e) => e.type === 'exchange-success')).toMatchObject({ transport: other.name });
    client.dispose();
  });
});

it('a custom source that calls ctx.transport with none given gets a Configuration error, and AWS no call', async () => {
  const custom: CredentialsSource = {
    kind: 'custom',
    exchange: (token, ctx) =>
      ctx.transport.assumeRoleWithWebIdentity!(
        { roleArn: DEFAULT_ROLE_ARN, roleSessionName: 'custom', webIdentityToken: token },
        { region: ctx.region, endpoint: kit.aws.endpoint, signal: ctx.signal },
      ),
  };
  const client = main.createCredentialsClient({
    region: kit.aws.region,
    source: custom,
    getIdToken: () => kit.idp.issueIdToken({ sub: 'custom-source' }),
    broadcastChannel: false,
  });
  const before = kit.aws.calls().length;
  await expect(client.getCredentials()).rejects.toMatchObject({
    code: 'Configuration',
    message: expect.stringContaining('transport: fetchTransport()'),
  });
  expect(kit.aws.calls().length).toBe(before);
  client.dispose();
});
