/** cognitoIdentityPool over real HTTP against the local kit's Cognito Identity (JSON 1.1) and STS. */
import {
  COGNITO_ROLE_ARN,
  DEFAULT_IDENTITY_POOL_ID,
  type LocalAws,
  type LocalIdp,
  startLocalAws,
  startLocalIdp,
} from '@web-identity/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type CognitoIdentityPoolOptions,
  CredentialsError,
  cognitoIdentityPool,
  createCredentialsClient,
  fetchTransport,
  sdkTransport,
  type Transport,
} from '../src/index.js';

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
afterEach(() => {
  aws.faults.reset();
  aws.clearCalls();
});

function make(
  transport: Transport,
  opts: Partial<CognitoIdentityPoolOptions> = {},
  token?: () => Promise<string>,
) {
  return createCredentialsClient({
    region: aws.region,
    source: cognitoIdentityPool({
      identityPoolId: DEFAULT_IDENTITY_POOL_ID,
      endpoint: aws.endpoint,
      stsEndpoint: aws.endpoint,
      ...opts,
    }),
    getIdToken: token ?? (() => idp.issueIdToken({ sub: 'alice' })),
    transport,
  });
}

const cognitoCalls = () => aws.calls({ service: 'cognito-identity' }).map((c) => c.action);

const scenarios: {
  name: string;
  setup?: () => void;
  token?: () => Promise<string>;
  opts?: Partial<CognitoIdentityPoolOptions>;
  expected: { ok: boolean; code?: string; retryable?: boolean };
}[] = [
  { name: 'enhanced flow', expected: { ok: true } },
  { name: 'basic flow', opts: { flow: 'basic', customRoleArn: COGNITO_ROLE_ARN }, expected: { ok: true } },
  {
    name: 'throttled',
    setup: () => aws.faults.throttle(1),
    expected: { ok: false, code: 'Throttled', retryable: true },
  },
  {
    name: 'HTTP 500',
    setup: () => aws.faults.fail(500),
    expected: { ok: false, code: 'ServerError', retryable: true },
  },
  {
    name: 'connection reset once (a stale pooled socket): sent again at once',
    setup: () => aws.faults.drop(1),
    expected: { ok: true },
  },
  {
    name: 'connection reset twice: Network',
    setup: () => aws.faults.drop(2),
    expected: { ok: false, code: 'Network', retryable: true },
  },
  {
    name: 'IdP unreachable',
    setup: () => aws.faults.idpDown(),
    expected: { ok: false, code: 'IdpUnreachable', retryable: true },
  },
  {
    name: 'expired token',
    token: () => idp.issueIdToken({ sub: 'alice', expiresIn: -120 }),
    expected: { ok: false, code: 'ExpiredIdentityToken', retryable: false },
  },
  {
    name: 'bad signature',
    token: () => idp.issueIdToken({ sub: 'alice' }, { foreignKey: true }),
    expected: { ok: false, code: 'InvalidIdentityToken', retryable: false },
  },
  {
    name: 'wrong audience',
    token: () => idp.issueIdToken({ sub: 'alice', aud: 'someone-else' }),
    expected: { ok: false, code: 'InvalidIdentityToken', retryable: false },
  },
  {
    name: 'unknown pool',
    opts: { identityPoolId: 'eu-west-1:00000000-0000-0000-0000-000000000000' },
    expected: { ok: false, code: 'Configuration', retryable: false },
  },
  {
    name: 'access token',
    token: () => idp.issueAccessToken({ sub: 'alice' }),
    expected: { ok: false, code: 'NotAnIdToken', retryable: false },
  },
];

async function outcome(s: (typeof scenarios)[number], transport: Transport) {
  aws.faults.reset();
  s.setup?.();
  const client = make(transport, s.opts, s.token);
  try {
    const c = await client.getCredentials();
    expect(c.expiration.getTime()).toBeGreaterThan(Date.now());
    return { ok: true };
  } catch (e) {
    expect(e).toBeInstanceOf(CredentialsError);
    const err = e as CredentialsError;
    return { ok: false, code: err.code, retryable: err.retryable };
  } finally {
    client.dispose();
  }
}

describe('differential: Cognito scenarios through both transports', () => {
  for (const s of scenarios) {
    it(s.name, async () => {
      const a = await outcome(s, sdkTransport());
      const b = await outcome(s, fetchTransport());
      expect(a).toEqual(b);
      expect(a).toEqual(s.expected);
    });
  }
});

describe.each([
  ['sdk', () => sdkTransport()],
  ['fetch', () => fetchTransport()],
] as const)('cognitoIdentityPool over %s', (_n, transport) => {
  it('enhanced: keeps the identity id per subject in memory (one GetId across refreshes)', async () => {
    const client = make(transport());
    await client.getCredentials();
    await client.refresh();
    expect(cognitoCalls()).toEqual(['GetId', 'GetCredentialsForIdentity', 'GetCredentialsForIdentity']);
    const snap = client.getSnapshot();
    expect(snap.identity?.identityId).toMatch(/^eu-west-1:/);
    expect(snap.identity?.subject).toBe('alice');
    client.dispose();
  });

  it('basic: GetId + GetOpenIdToken + AssumeRoleWithWebIdentity with the custom role', async () => {
    const client = make(transport(), { flow: 'basic', customRoleArn: COGNITO_ROLE_ARN });
    await client.getCredentials();
    expect(cognitoCalls()).toEqual(['GetId', 'GetOpenIdToken']);
    const sts = aws.calls({ action: 'AssumeRoleWithWebIdentity' });
    expect(sts).toHaveLength(1);
    expect(client.getSnapshot().identity?.assumedRoleArn).toContain('CognitoPhotoUploader');
    client.dispose();
  });
});
