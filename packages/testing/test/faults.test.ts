import {
  AssumeRoleWithWebIdentityCommand,
  IDPCommunicationErrorException,
  IDPRejectedClaimException,
  RegionDisabledException,
  STSClient,
} from '@aws-sdk/client-sts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_ROLE_ARN,
  type LocalAws,
  type LocalIdp,
  startLocalAws,
  startLocalIdp,
} from '../src/index.js';
import { rejectionOf, stsClient } from './helpers.js';

let idp: LocalIdp;
let aws: LocalAws;

beforeAll(async () => {
  idp = await startLocalIdp();
  aws = await startLocalAws({ idp });
});
afterAll(async () => {
  await aws.close();
  await idp.close();
});
beforeEach(() => {
  aws.faults.reset();
  aws.clearCalls();
});

const exchange = async (durationSeconds?: number) =>
  stsClient(aws).send(
    new AssumeRoleWithWebIdentityCommand({
      RoleArn: DEFAULT_ROLE_ARN,
      RoleSessionName: 'alice',
      WebIdentityToken: await idp.issueIdToken({ sub: 'alice' }),
      ...(durationSeconds ? { DurationSeconds: durationSeconds } : {}),
    }),
  );

describe('faults', () => {
  it('throttle(n) throttles exactly the next n STS calls', async () => {
    aws.faults.throttle(2);
    for (let i = 0; i < 2; i++) {
      const err = await rejectionOf(exchange());
      expect(err.name).toBe('Throttling');
      expect((err.$metadata as { httpStatusCode: number }).httpStatusCode).toBe(400);
    }
    expect((await exchange()).Credentials).toBeDefined();
    expect(aws.calls().map((c) => [c.outcome, c.fault ?? null])).toEqual([
      ['Throttling', 'throttle'],
      ['Throttling', 'throttle'],
      ['success', null],
    ]);
  });

  it('the SDK retries a throttled call on its own when allowed to', async () => {
    aws.faults.throttle(1);
    const client = new STSClient({ region: aws.region, endpoint: aws.endpoint, maxAttempts: 2 });
    const out = await client.send(
      new AssumeRoleWithWebIdentityCommand({
        RoleArn: DEFAULT_ROLE_ARN,
        RoleSessionName: 'alice',
        WebIdentityToken: await idp.issueIdToken({ sub: 'alice' }),
      }),
    );
    expect(out.Credentials).toBeDefined();
    expect(aws.calls().map((c) => c.outcome)).toEqual(['Throttling', 'success']);
  });

  it('fail(status, n) answers 5xx errors', async () => {
    aws.faults.fail(503, 1).fail(500, 1);
    const first = await rejectionOf(exchange());
    expect(first.name).toBe('ServiceUnavailable');
    expect(first.$fault).toBe('server');
    const second = await rejectionOf(exchange());
    expect(second.name).toBe('InternalFailure');
    expect((second.$metadata as { httpStatusCode: number }).httpStatusCode).toBe(500);
    expect((await exchange()).Credentials).toBeDefined();
  });

  it('error(code) injects modeled STS errors', async () => {
    aws.faults.error('IDPRejectedClaim').error('RegionDisabledException');
    expect(await rejectionOf(exchange())).toBeInstanceOf(IDPRejectedClaimException);
    expect(await rejectionOf(exchange())).toBeInstanceOf(RegionDisabledException);
  });

  it('drop(n) resets the connection without an answer', async () => {
    aws.faults.drop(1);
    const err = await rejectionOf(exchange());
    expect(`${err.name} ${String(err.code)} ${err.message}`).toMatch(/ECONNRESET|socket hang up/);
    expect(aws.calls()[0]).toMatchObject({ outcome: 'dropped', status: 0, fault: 'drop' });
    expect((await exchange()).Credentials).toBeDefined();
  });

  it('latency(ms) delays answers until turned off', async () => {
    aws.faults.latency(300);
    const started = performance.now();
    await exchange();
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    aws.faults.latency(0);
    expect(aws.faults.latencyMs).toBe(0);
  });

  it('skewClock(seconds) shifts Date and Expiration', async () => {
    aws.faults.skewClock(1800);
    const res = await fetch(aws.endpoint, { method: 'POST', body: 'Action=GetCallerIdentity' });
    await res.text();
    expect(Date.parse(res.headers.get('date')!) - Date.now()).toBeGreaterThan(1700_000);
    const out = await exchange(900);
    expect(out.Credentials!.Expiration!.getTime() - Date.now()).toBeGreaterThan((1800 + 880) * 1000);
  });

  it('a skewed clock makes tokens expire as STS would see it', async () => {
    const token = await idp.issueIdToken({ sub: 'alice', expiresIn: 600 });
    aws.faults.skewClock(601);
    const err = await rejectionOf(
      stsClient(aws).send(
        new AssumeRoleWithWebIdentityCommand({
          RoleArn: DEFAULT_ROLE_ARN,
          RoleSessionName: 'alice',
          WebIdentityToken: token,
        }),
      ),
    );
    expect(err.name).toBe('ExpiredTokenException');
  });

  it('idpDown()/idpUp() toggle IDPCommunicationError', async () => {
    aws.faults.idpDown();
    expect(await rejectionOf(exchange())).toBeInstanceOf(IDPCommunicationErrorException);
    aws.faults.idpUp();
    expect((await exchange()).Credentials).toBeDefined();
  });

  it('shortCredentials(seconds) issues short-lived credentials, only when switched on', async () => {
    const normal = await exchange(900);
    expect(normal.Credentials!.Expiration!.getTime() - Date.now()).toBeGreaterThan(880_000);
    aws.faults.shortCredentials(20);
    const short = await exchange(900);
    const left = short.Credentials!.Expiration!.getTime() - Date.now();
    expect(left).toBeLessThanOrEqual(20_000);
    expect(left).toBeGreaterThan(10_000);
  });

  it('the credentialLifetimeSeconds option sets short lifetimes from the start', async () => {
    const short = await startLocalAws({ idp, credentialLifetimeSeconds: 30 });
    try {
      const out = await stsClient(short).send(
        new AssumeRoleWithWebIdentityCommand({
          RoleArn: DEFAULT_ROLE_ARN,
          RoleSessionName: 'alice',
          WebIdentityToken: await idp.issueIdToken({ sub: 'alice' }),
        }),
      );
      expect(out.Credentials!.Expiration!.getTime() - Date.now()).toBeLessThanOrEqual(30_000);
    } finally {
      await short.close();
    }
  });

  it('faults can target other services and actions only', async () => {
    aws.faults.throttle(1, { services: ['s3'] }).fail(500, 1, { actions: ['AssumeRole'] });
    expect((await exchange()).Credentials).toBeDefined();
    expect(aws.calls()[0]!.fault).toBeUndefined();
  });

  it('ignores counts below 1 and refuses a status that is not an HTTP error', async () => {
    aws.faults.throttle(0).drop(-1).error('IDPRejectedClaim', 0);
    expect((await exchange()).Credentials).toBeDefined();
    expect(() => aws.faults.fail(200)).toThrow(RangeError);
  });

  it('reset() clears every fault', async () => {
    aws.faults.throttle(5).latency(1000).skewClock(999).idpDown().shortCredentials(5).drop(3);
    aws.faults.reset();
    const out = await exchange(900);
    expect(out.Credentials!.Expiration!.getTime() - Date.now()).toBeGreaterThan(880_000);
    expect(aws.calls().map((c) => c.outcome)).toEqual(['success']);
    expect(aws.faults.skewSeconds).toBe(0);
  });
});
