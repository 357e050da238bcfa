// Fleet mode: two instances of the example on one real redis-server (started here) and the kit: a user served
// by both costs one STS exchange, and each instance calls AWS as that user.
import {
  DEFAULT_ROLE_ARN,
  type LocalKit,
  type LocalRedis,
  startLocalKit,
  startLocalRedis,
} from '@web-identity/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExampleConfig } from '../src/config.js';
import { type Fleet, startFleet } from '../src/fleet.js';

let kit: LocalKit;
let redis: LocalRedis;
let fleet: Fleet;

beforeAll(async () => {
  redis = await startLocalRedis(); // fails the suite when redis-server cannot start
  kit = await startLocalKit();
  const config: ExampleConfig = {
    region: kit.config.region,
    issuer: kit.config.issuer,
    clientId: kit.config.clientId,
    roleArn: DEFAULT_ROLE_ARN,
    bucket: kit.config.bucket,
    stsEndpoint: kit.config.stsEndpoint,
    s3Endpoint: kit.config.s3Endpoint,
    corsOrigins: [],
    mode: 'oidc',
  };
  fleet = await startFleet(config, { instances: 2, redisUrl: redis.url, port: 0, logger: () => {} });
});
afterAll(async () => {
  await fleet?.close();
  await kit?.close();
  await redis?.close();
});

describe('node-example --fleet 2', () => {
  it('two instances on one Redis: one exchange per user, both call AWS as the user', async () => {
    expect(fleet.urls).toHaveLength(2);
    const before = kit.aws.calls({ action: 'AssumeRoleWithWebIdentity' }).length;
    for (const user of ['alice', 'bob']) {
      const token = await kit.idp.issueIdToken({ sub: user });
      for (const url of [...fleet.urls, ...fleet.urls]) {
        const res = await fetch(`${url}/api/whoami`, { headers: { authorization: `Bearer ${token}` } });
        expect(res.status).toBe(200);
        const body = (await res.json()) as { subject: string; arn: string };
        expect(body.subject).toBe(user);
        expect(body.arn).toMatch(new RegExp(`:assumed-role/PhotoUploader/${user}$`));
      }
    }
    expect(kit.aws.calls({ action: 'AssumeRoleWithWebIdentity' }).length - before).toBe(2);
  });
});
