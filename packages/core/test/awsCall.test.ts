/**
 * The open transport contract: a call defined outside `transport/` (as a new source would, in its own folder)
 * runs through both shared layers against the local kit, and `callAws` dispatches to a transport's method or
 * its `send`.
 */
import {
  DEFAULT_ROLE_ARN,
  type LocalAws,
  type LocalIdp,
  startLocalAws,
  startLocalIdp,
} from '@web-identity/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  type AwsCall,
  type CredentialsSource,
  callAws,
  createCredentialsClient,
  fetchSender,
  sdkSender,
  type Transport,
} from '../src/index.js';
import { STS } from '../src/internal.js';
import { queryForm } from '../src/transport/fetchQuery.js';

let idp: LocalIdp;
let aws: LocalAws;

beforeAll(async () => {
  idp = await startLocalIdp();
  aws = await startLocalAws({ idp });
});
afterAll(async () => {
  await aws?.close();
  await idp?.close();
});

/** A call no transport knows: the assumed role's ARN only, read from the answer by field name. */
const WHO_AM_I_AFTER_EXCHANGE: AwsCall<{ token: string; session: string }, string | undefined> = {
  service: STS,
  action: 'AssumeRoleWithWebIdentity',
  params: (i) => ({ RoleArn: DEFAULT_ROLE_ARN, RoleSessionName: i.session, WebIdentityToken: i.token }),
  result: (a) => a.field('Arn') as string | undefined,
};

/** A signed call (STS GetCallerIdentity) the built-in sources never make. */
const GET_CALLER_IDENTITY: AwsCall<Record<string, never>, { account: unknown; arn: unknown }> = {
  service: STS,
  action: 'GetCallerIdentity',
  signed: true,
  params: () => ({}),
  result: (a) => ({ account: a.field('Account'), arn: a.field('Arn') }),
};

const at = () => ({ region: aws.region, endpoint: aws.endpoint, signal: new AbortController().signal });

describe.each([
  ['fetch', () => fetchSender()],
  ['sdk', () => sdkSender()],
] as const)('a call defined outside the transport, over the %s layer', (_n, sender) => {
  it('is sent in its service protocol and read by field name', async () => {
    aws.clearCalls();
    const token = await idp.issueIdToken({ sub: 'alice' });
    const arn = await callAws(sender(), WHO_AM_I_AFTER_EXCHANGE, { token, session: 'alice' }, at());
    expect(arn).toMatch(/^arn:aws:sts::\d{12}:assumed-role\/[^/]+\/alice$/);
    expect(aws.calls({ service: 'sts', action: 'AssumeRoleWithWebIdentity' })).toHaveLength(1);
  });

  it('an AWS refusal is a typed error', async () => {
    const token = await idp.issueAccessToken({ sub: 'alice' });
    await expect(
      callAws(sender(), WHO_AM_I_AFTER_EXCHANGE, { token, session: 'alice' }, at()),
    ).rejects.toMatchObject({ name: 'CredentialsError', code: 'InvalidIdentityToken' });
  });
});

describe('signed calls', () => {
  it('the SDK layer signs with the credentials its client config names', async () => {
    const key = aws.accessKeys[0]!;
    const sts = sdkSender({
      clientConfig: { credentials: { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey } },
    });
    const who = await callAws(sts, GET_CALLER_IDENTITY, {}, at());
    expect(who.account).toBe(aws.accountId);
    expect(String(who.arn)).toContain(aws.accountId);
  });

  it('the fetch layer refuses a signed call without sending it (Configuration)', async () => {
    const f = vi.fn(fetch);
    await expect(callAws(fetchSender({ fetch: f }), GET_CALLER_IDENTITY, {}, at())).rejects.toMatchObject({
      code: 'Configuration',
    });
    expect(f).not.toHaveBeenCalled();
  });
});

describe('callAws dispatch', () => {
  const ASSUME = {
    ...WHO_AM_I_AFTER_EXCHANGE,
    method: 'assumeRoleWithWebIdentity',
  } as AwsCall<{ token: string; session: string }, unknown>;

  it("uses the transport's method for the call when it has one, else its send", async () => {
    const method = vi.fn(async () => 'from the method');
    const send = vi.fn(async () => 'from send');
    const both = { name: 'both', assumeRoleWithWebIdentity: method, send } as unknown as Transport;
    await expect(callAws(both, ASSUME, { token: 't', session: 's' }, at())).resolves.toBe('from the method');
    await expect(callAws(both, WHO_AM_I_AFTER_EXCHANGE, { token: 't', session: 's' }, at())).resolves.toBe(
      'from send',
    );
    expect([method.mock.calls.length, send.mock.calls.length]).toEqual([1, 1]);
  });

  it('a transport with neither is a Configuration error naming the call', async () => {
    await expect(
      callAws({ name: 'bare' }, WHO_AM_I_AFTER_EXCHANGE, { token: 't', session: 's' }, at()),
    ).rejects.toMatchObject({
      code: 'Configuration',
      message: expect.stringContaining('STS AssumeRoleWithWebIdentity'),
    });
  });

  it('a custom source calls AWS through the client with callAws and its own transport', async () => {
    aws.clearCalls();
    const custom: CredentialsSource = {
      kind: 'custom',
      transport: fetchSender(),
      async exchange(token, ctx) {
        const arn = await callAws(ctx.transport, WHO_AM_I_AFTER_EXCHANGE, { token, session: 'custom' }, at());
        return {
          accessKeyId: 'ASIACUSTOM',
          secretAccessKey: 'secret',
          sessionToken: 'session',
          expiration: new Date(Date.now() + 3_600_000),
          identity: { assumedRoleArn: arn },
        };
      },
    };
    const client = createCredentialsClient({
      region: aws.region,
      source: custom,
      getIdToken: () => idp.issueIdToken({ sub: 'carol' }),
      crossTab: false,
    });
    try {
      const creds = await client.getCredentials();
      expect(creds.accessKeyId).toBe('ASIACUSTOM');
      expect(client.getSnapshot().identity?.assumedRoleArn).toMatch(/\/custom$/);
      expect(aws.calls({ service: 'sts' })).toHaveLength(1);
    } finally {
      client.dispose();
    }
  });
});

describe('queryForm', () => {
  it('encodes lists as member.N and their objects as member.N.field, and leaves out what is undefined', () => {
    const form = new URLSearchParams(
      queryForm('AssumeRole', '2011-06-15', {
        RoleArn: 'arn',
        Policy: undefined,
        PolicyArns: [{ arn: 'p1' }, { arn: 'p2' }],
        Tags: [{ Key: 'sub', Value: 'alice' }],
      }),
    );
    expect([...form.entries()]).toEqual([
      ['Action', 'AssumeRole'],
      ['Version', '2011-06-15'],
      ['RoleArn', 'arn'],
      ['PolicyArns.member.1.arn', 'p1'],
      ['PolicyArns.member.2.arn', 'p2'],
      ['Tags.member.1.Key', 'sub'],
      ['Tags.member.1.Value', 'alice'],
    ]);
  });
});
