/**
 * Integration over real HTTP: the local IdP and the local AWS from @web-identity/testing, both transports.
 * No fakes: real tokens, real STS wire format, real faults.
 */

import { inspect } from 'node:util';
import {
  DEFAULT_ROLE_ARN,
  type LocalAws,
  type LocalIdp,
  startLocalAws,
  startLocalIdp,
} from '@web-identity/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  type CredentialsClient,
  CredentialsError,
  createCredentialsClient,
  fetchTransport,
  type GetIdToken,
  sdkTransport,
  type Transport,
  type WebIdentityOptions,
  webIdentity,
} from '../src/index.js';

let idp: LocalIdp;
let aws: LocalAws;
const clients: CredentialsClient[] = [];

beforeAll(async () => {
  idp = await startLocalIdp();
  aws = await startLocalAws({ idp });
});
afterAll(async () => {
  await aws?.close();
  await idp?.close();
});
afterEach(() => {
  vi.restoreAllMocks();
  for (const c of clients.splice(0)) c.dispose();
  aws.faults.reset();
  aws.clearCalls();
});

const transports: [string, () => Transport][] = [
  ['sdk', () => sdkTransport()],
  ['fetch', () => fetchTransport()],
];

function make(
  transport: Transport,
  getIdToken: GetIdToken = () => idp.issueIdToken({ sub: 'alice' }),
  source: Partial<WebIdentityOptions> = {},
  target = aws,
) {
  const client = createCredentialsClient({
    region: target.region,
    source: webIdentity({ roleArn: DEFAULT_ROLE_ARN, endpoint: target.endpoint, ...source }),
    getIdToken,
    transport,
  });
  clients.push(client);
  return client;
}

interface Outcome {
  ok: boolean;
  code?: string;
  retryable?: boolean;
  stsCalls: number;
}

/** Every kit scenario: how to set it up, and what the outcome must be (written by hand, not recorded). */
const scenarios: {
  name: string;
  expected: Omit<Outcome, 'stsCalls'> & { stsCalls?: number };
  setup?: () => void;
  token?: () => Promise<string>;
  source?: Partial<WebIdentityOptions>;
}[] = [
  { name: 'success', expected: { ok: true, stsCalls: 1 } },
  {
    name: 'throttling',
    setup: () => aws.faults.throttle(1),
    expected: { ok: false, code: 'Throttled', retryable: true, stsCalls: 1 },
  },
  {
    name: 'HTTP 500',
    setup: () => aws.faults.fail(500),
    expected: { ok: false, code: 'ServerError', retryable: true },
  },
  {
    name: 'HTTP 503',
    setup: () => aws.faults.fail(503),
    expected: { ok: false, code: 'ServerError', retryable: true },
  },
  {
    name: 'HTTP 429',
    setup: () => aws.faults.fail(429),
    expected: { ok: false, code: 'Throttled', retryable: true },
  },
  {
    name: 'connection reset once (a stale pooled socket): sent again at once',
    setup: () => aws.faults.drop(1),
    expected: { ok: true, stsCalls: 2 },
  },
  {
    name: 'connection reset twice: Network',
    setup: () => aws.faults.drop(2),
    expected: { ok: false, code: 'Network', retryable: true, stsCalls: 2 },
  },
  {
    name: 'IdP unreachable',
    setup: () => aws.faults.idpDown(),
    expected: { ok: false, code: 'IdpUnreachable', retryable: true },
  },
  {
    name: 'IDPRejectedClaim',
    setup: () => aws.faults.error('IDPRejectedClaim'),
    expected: { ok: false, code: 'AccessDenied', retryable: false },
  },
  {
    name: 'RegionDisabledException',
    setup: () => aws.faults.error('RegionDisabledException'),
    expected: { ok: false, code: 'RegionDisabled', retryable: false },
  },
  {
    name: 'AccessDenied (fault)',
    setup: () => aws.faults.error('AccessDenied'),
    expected: { ok: false, code: 'AccessDenied', retryable: false },
  },
  {
    name: 'ExpiredTokenException once (forced refresh recovers)',
    setup: () => aws.faults.error('ExpiredTokenException'),
    expected: { ok: true, stsCalls: 2 },
  },
  {
    name: 'ExpiredTokenException twice (final)',
    setup: () => aws.faults.error('ExpiredTokenException', 2),
    expected: { ok: false, code: 'ExpiredIdentityToken', retryable: false, stsCalls: 2 },
  },
  {
    name: 'InvalidIdentityToken twice (final)',
    setup: () => aws.faults.error('InvalidIdentityToken', 2),
    expected: { ok: false, code: 'InvalidIdentityToken', retryable: false, stsCalls: 2 },
  },
  {
    name: 'bad signature',
    token: () => idp.issueIdToken({ sub: 'alice' }, { foreignKey: true }),
    expected: { ok: false, code: 'InvalidIdentityToken', retryable: false, stsCalls: 2 },
  },
  {
    name: 'expired ID token',
    token: () => idp.issueIdToken({ sub: 'alice', expiresIn: -120 }),
    // the first one is caught locally; the forced one goes to STS (the authority on time) and fails
    expected: { ok: false, code: 'ExpiredIdentityToken', retryable: false, stsCalls: 1 },
  },
  {
    name: 'wrong audience (trust policy)',
    token: () => idp.issueIdToken({ sub: 'alice', aud: 'someone-else' }),
    expected: { ok: false, code: 'AccessDenied', retryable: false, stsCalls: 1 },
  },
  {
    name: 'access token instead of ID token',
    token: () => idp.issueAccessToken({ sub: 'alice' }),
    expected: { ok: false, code: 'NotAnIdToken', retryable: false, stsCalls: 0 },
  },
  {
    name: 'unknown role',
    source: { roleArn: 'arn:aws:iam::123456789012:role/DoesNotExist' },
    expected: { ok: false, code: 'AccessDenied', retryable: false, stsCalls: 1 },
  },
  {
    name: 'malformed session policy',
    source: { policy: '{not json' },
    expected: { ok: false, code: 'Configuration', retryable: false, stsCalls: 1 },
  },
  {
    name: 'session policy too large (PackedPolicyTooLarge)',
    source: {
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: Array.from({ length: 60 }, (_, i) => ({
          Effect: 'Allow',
          Action: 's3:GetObject',
          Resource: `arn:aws:s3:::demo-uploads/uploads/some-rather-long-prefix-number-${i}/*`,
        })),
      }),
    },
    expected: { ok: false, code: 'Configuration', retryable: false, stsCalls: 1 },
  },
  {
    name: '12 h duration (the role allows it)',
    source: { durationSeconds: 43200 },
    expected: { ok: true, stsCalls: 1 },
  },
];

async function runScenario(s: (typeof scenarios)[number], transport: Transport): Promise<Outcome> {
  aws.faults.reset();
  aws.clearCalls();
  s.setup?.();
  const client = make(transport, s.token ?? (() => idp.issueIdToken({ sub: 'alice' })), s.source);
  try {
    const creds = await client.getCredentials();
    expect(creds.expiration.getTime()).toBeGreaterThan(Date.now());
    return { ok: true, stsCalls: aws.calls({ action: 'AssumeRoleWithWebIdentity' }).length };
  } catch (e) {
    expect(e).toBeInstanceOf(CredentialsError);
    const err = e as CredentialsError;
    return {
      ok: false,
      code: err.code,
      retryable: err.retryable,
      stsCalls: aws.calls({ action: 'AssumeRoleWithWebIdentity' }).length,
    };
  } finally {
    client.dispose();
  }
}

describe('differential: every kit scenario through both transports', () => {
  for (const s of scenarios) {
    it(s.name, async () => {
      const sdk = await runScenario(s, sdkTransport());
      const viaFetch = await runScenario(s, fetchTransport());
      expect(sdk).toEqual(viaFetch);
      expect(sdk).toMatchObject(s.expected);
    });
  }
});

describe.each(transports)('webIdentity over %s', (_name, transport) => {
  it('exchanges a real ID token, reports identity and expiry, through the real STS wire format', async () => {
    const client = make(transport());
    const before = Date.now();
    const creds = await client.getCredentials();
    const snap = client.getSnapshot();
    expect(snap.status).toBe('ready');
    expect(snap.identity).toMatchObject({
      subject: 'alice',
      provider: idp.issuer,
      audience: 'web-identity-demo',
    });
    expect(snap.identity?.assumedRoleArn).toContain('PhotoUploader');
    expect(creds.expiration.getTime()).toBeGreaterThanOrEqual(before + 3600_000 - 2000);
    expect(creds.expiration.getTime()).toBeLessThanOrEqual(Date.now() + 3600_000 + 1000);

    expect(aws.calls({ action: 'AssumeRoleWithWebIdentity' })).toHaveLength(1);
  });

  it('real AWS errors and snapshots never carry the token or the keys', async () => {
    const tokens: string[] = [];
    const client = make(transport(), async () => {
      const t = await idp.issueIdToken({ sub: 'alice' });
      tokens.push(t);
      return t;
    });
    const creds = await client.getCredentials();
    aws.faults.error('InvalidIdentityToken', 2);
    const err = await client.refresh().catch((e) => e);
    expect(err.code).toBe('InvalidIdentityToken');
    aws.faults.reset();
    aws.faults.throttle(1);
    await client.refresh().catch(() => {});
    const printed = [
      inspect(err, { depth: 30, showHidden: true }),
      err.message,
      JSON.stringify(client.getSnapshot()),
      inspect(client.getSnapshot(), { depth: 30, showHidden: true }),
    ].join('\n');
    for (const secret of [...tokens, creds.secretAccessKey, creds.sessionToken]) {
      expect(printed).not.toContain(secret);
    }
  });

  it('1,000 concurrent callers cause one STS call', async () => {
    const client = make(transport());
    const all = await Promise.all(Array.from({ length: 1000 }, () => client.getCredentials()));
    expect(new Set(all).size).toBe(1);
    expect(aws.calls({ action: 'AssumeRoleWithWebIdentity' })).toHaveLength(1);
  });

  for (const skew of [15 * 60, -15 * 60]) {
    it(`corrects a ${skew > 0 ? '+' : '-'}15 min clock offset from the Date header`, async () => {
      aws.faults.skewClock(skew);
      const client = make(transport());
      const before = Date.now();
      const creds = await client.getCredentials();
      // On the local clock: about an hour from now, whatever AWS's clock says.
      expect(creds.expiration.getTime()).toBeGreaterThan(before + 3600_000 - 2000);
      expect(creds.expiration.getTime()).toBeLessThan(Date.now() + 3600_000 + 2000);
    });
  }

  it('refreshes short-lived credentials by itself before they expire', async () => {
    aws.faults.shortCredentials(4);
    const client = make(transport());
    const first = await client.getCredentials();
    const lifetime = first.expiration.getTime() - Date.now();
    expect(lifetime).toBeLessThanOrEqual(4000);
    await vi.waitFor(() => expect(client.getSnapshot().exchangeCount).toBeGreaterThanOrEqual(2), {
      timeout: 10_000,
      interval: 50,
    });
    const second = client.getSnapshot().credentials;
    expect(second).not.toBeNull();
    expect(second!.accessKeyId).not.toBe(first.accessKeyId);
    expect(second!.expiration.getTime()).toBeGreaterThan(first.expiration.getTime());
  });

  it('keeps serving valid keys while a background refresh is throttled, then recovers', async () => {
    aws.faults.shortCredentials(6);
    const client = make(transport());
    const first = await client.getCredentials();
    aws.faults.throttle(1);
    const duringError: Promise<unknown>[] = [];
    const seen: { credentials: unknown; status: string }[] = [];
    client.subscribe((snap) => {
      if (snap.error?.code === 'Throttled' && duringError.length === 0) {
        seen.push({ credentials: snap.credentials, status: snap.status });
        duringError.push(client.getCredentials()); // synchronously, before any retry can start
      }
    });
    await vi.waitFor(() => expect(client.getSnapshot().exchangeCount).toBe(2), {
      timeout: 10_000,
      interval: 20,
    });
    expect(seen).toEqual([{ credentials: first, status: 'ready' }]);
    expect(await duringError[0]).toBe(first);
    expect(client.getSnapshot().error).toBeNull();
    expect(aws.calls({ action: 'AssumeRoleWithWebIdentity' }).map((c) => c.outcome)).toEqual([
      'success',
      'Throttling',
      'success',
    ]);
  });

  it('a caller inside the mandatory window while throttled waits for the next planned attempt, with no extra STS call', async () => {
    // Keys for 24 s (a little less once measured, still over 4 × 5 s, so the quarter-lifetime cap does not
    // shrink the windows): advisory 8 s, mandatory 5 s. With random = 0.6 the refresh
    // comes at L − 8.48 s, then Throttling three times, retried after 0.6 s, 1.2 s and 2.4 s: the last attempt
    // lands at L − 4.28 s, inside the mandatory window (from L − 5 s) and before expiry, with seconds to spare
    // for a loaded machine's round trips.
    vi.spyOn(Math, 'random').mockReturnValue(0.6);
    aws.faults.shortCredentials(24);
    const client = createCredentialsClient({
      region: aws.region,
      source: webIdentity({ roleArn: DEFAULT_ROLE_ARN, endpoint: aws.endpoint }),
      getIdToken: () => idp.issueIdToken({ sub: 'alice' }),
      transport: transport(),
      refreshBeforeExpiryMs: 8_000,
      minValidityMs: 5_000,
    });
    clients.push(client);
    const first = await client.getCredentials();
    aws.faults.throttle(3);
    const throttled = () =>
      aws.calls({ action: 'AssumeRoleWithWebIdentity' }).filter((c) => c.outcome === 'Throttling').length;
    await vi.waitFor(() => expect(throttled()).toBe(3), { timeout: 20_000, interval: 20 });
    const mandatoryFrom = first.expiration.getTime() - 5_000;
    await new Promise((r) => setTimeout(r, Math.max(0, mandatoryFrom - Date.now() + 200)));
    expect(client.getSnapshot().error?.code).toBe('Throttled');
    expect(client.getSnapshot().refreshAt!.getTime()).toBeLessThan(first.expiration.getTime());
    const creds = await client.getCredentials();
    expect(creds.accessKeyId).not.toBe(first.accessKeyId);
    expect(creds.expiration.getTime()).toBeGreaterThan(first.expiration.getTime());
    expect(aws.calls({ action: 'AssumeRoleWithWebIdentity' }).map((c) => c.outcome)).toEqual([
      'success',
      'Throttling',
      'Throttling',
      'Throttling',
      'success',
    ]);
  }, 30_000);

  it('signOut aborts an in-flight STS call and drops its result', async () => {
    aws.faults.latency(300);
    const client = make(transport());
    const p = client.getCredentials();
    await vi.waitFor(() => expect(aws.calls({ action: 'AssumeRoleWithWebIdentity' })).toHaveLength(1), {
      timeout: 5000,
      interval: 5,
    });
    client.signOut();
    await expect(p).rejects.toMatchObject({ code: 'Aborted' });
    await new Promise((r) => setTimeout(r, 400));
    expect(client.getSnapshot()).toMatchObject({ status: 'signed-out', credentials: null, exchangeCount: 0 });
  });

  it('without a Date header measures the grant from the request time (clock skewed, header withheld)', async () => {
    const noDate = await startLocalAws({ idp, sendDateHeader: false });
    try {
      noDate.faults.skewClock(-15 * 60); // AWS 15 min behind: its Expiration looks 45 min away
      const client = make(transport(), undefined, { durationSeconds: 3600 }, noDate);
      const before = Date.now();
      const creds = await client.getCredentials();
      expect(creds.expiration.getTime()).toBeLessThanOrEqual(Date.now() + 45 * 60_000 + 1000);
      expect(creds.expiration.getTime()).toBeGreaterThanOrEqual(before + 45 * 60_000 - 2000);
      noDate.faults.skewClock(15 * 60); // AWS 15 min ahead: Expiration looks 75 min away; trust only the grant
      const again = await client.refresh();
      expect(again.expiration.getTime()).toBeLessThanOrEqual(Date.now() + 3600_000);
    } finally {
      await noDate.close();
    }
  });
});
