// fromAlbOidc() against the kit's ALB public-key endpoint over real HTTP; the kit counts every key look-up.
import { type LocalAws, startLocalAws } from '@web-identity/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromAlbOidc } from '../src/auth/alb.js';
import { toHttpProblem } from '../src/http/problems.js';

let aws: LocalAws;
beforeAll(async () => {
  aws = await startLocalAws();
});
afterAll(async () => {
  await aws?.close();
});

const keyFetches = () => aws.calls({ service: 'alb-keys' }).length;

describe('finding 3: ALB key look-ups are bounded', () => {
  it('cycling 150 unknown kids costs at most the bucket, and never evicts the fetched key', async () => {
    const extractor = fromAlbOidc({
      region: aws.region,
      expectedSigner: aws.albSignerArn,
      keyUrl: aws.albKeysUrl,
    });
    aws.clearCalls();
    const good = aws.signAlbOidcData({ sub: 'judy' });
    expect((await extractor.verify!(good, {})).subject).toBe('judy');
    expect(keyFetches()).toBe(1);
    const statuses = new Map<number, number>();
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 150; i++) {
        const forged = aws.signAlbOidcData({ sub: 'x' }, { kid: `junk-${i}` });
        const err = await extractor.verify!(forged, {}).then(
          () => null,
          (e: unknown) => e,
        );
        const status = toHttpProblem(err).status;
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
    }
    // 300 junk look-ups: 10 (the burst) reach the endpoint; the rest are 401 (known unknown) or 503.
    expect(keyFetches()).toBeLessThanOrEqual(1 + 10);
    expect([...statuses.keys()].sort()).toEqual([401, 503]);
    const again = aws.signAlbOidcData({ sub: 'judy' });
    expect((await extractor.verify!(again, {})).subject).toBe('judy');
    expect(keyFetches()).toBeLessThanOrEqual(1 + 10); // the real key was not evicted: no new fetch
  });

  it('a 503 for an exhausted bucket carries Retry-After until the next token', async () => {
    const extractor = fromAlbOidc({
      region: aws.region,
      expectedSigner: aws.albSignerArn,
      keyUrl: aws.albKeysUrl,
      keyFetches: { burst: 1, perMinute: 2 },
    });
    await extractor.verify!(aws.signAlbOidcData({}, { kid: 'junk-a' }), {}).catch(() => {});
    const err = await extractor.verify!(aws.signAlbOidcData({}, { kid: 'junk-b' }), {}).catch(
      (e: unknown) => e,
    );
    const problem = toHttpProblem(err);
    expect(problem.status).toBe(503);
    expect(Number(problem.headers['retry-after'])).toBeGreaterThan(20);
    expect(Number(problem.headers['retry-after'])).toBeLessThanOrEqual(30);
  });
});
