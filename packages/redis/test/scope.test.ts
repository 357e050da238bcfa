// Issue 22, finding 3, on a real redis-server: two brokers whose sources assume different roles share one
// redisStore (one client, one prefix, one keyring). Each user must get the keys of the broker asked, never the
// other broker's entry under the same Redis name. Tokens from the kit's IdP, STS from the kit, over HTTP.
import { createCredentialsBroker, webIdentity } from '@web-identity/node';
import {
  DEFAULT_ROLE_ARN,
  defaultRoles,
  type LocalAws,
  type LocalIdp,
  type LocalRedis,
  startLocalAws,
  startLocalIdp,
  startLocalRedis,
} from '@web-identity/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisStore } from '../src/redisStore.js';
import { connect, inspector, newKeys } from './helpers.js';

const VIEWER_ROLE_ARN = DEFAULT_ROLE_ARN.replace('PhotoUploader', 'PhotoViewer');
const PREFIX = 'scope:';

let redis: LocalRedis;
let idp: LocalIdp;
let aws: LocalAws;
const open: { close(): unknown }[] = [];

beforeAll(async () => {
  redis = await startLocalRedis();
  idp = await startLocalIdp();
  const roles = defaultRoles([idp.issuer]);
  roles.push({ ...roles[0]!, arn: VIEWER_ROLE_ARN }); // the same trust, another role
  aws = await startLocalAws({ idp, roles });
});
afterAll(async () => {
  for (const o of open.splice(0)) await o.close();
  await aws?.close();
  await idp?.close();
  await redis?.close();
});

describe('one redisStore shared by brokers on two roles', () => {
  it('keeps one entry per role for the same user, and each broker answers with its own role', async () => {
    const client = await connect('node-redis', redis.url);
    const store = redisStore({ client: client.client, keys: newKeys(), prefix: PREFIX, timeoutMs: 1_000 });
    open.push(client, store);
    const broker = (roleArn: string) =>
      createCredentialsBroker({
        region: aws.region,
        source: webIdentity({ roleArn, endpoint: aws.endpoint }),
        verify: { issuer: idp.issuer, audience: idp.clientId },
        cache: store,
      });
    const [uploader, viewer] = [broker(DEFAULT_ROLE_ARN), broker(VIEWER_ROLE_ARN)];
    const req = { headers: { authorization: `Bearer ${await idp.issueIdToken({ sub: 'gus' })}` } };

    const a = await uploader.forRequest(req);
    const b = await viewer.forRequest(req);
    expect(a?.identity.assumedRoleArn).toMatch(/assumed-role\/PhotoUploader\/gus$/);
    expect(b?.identity.assumedRoleArn).toMatch(/assumed-role\/PhotoViewer\/gus$/);
    expect(b?.credentials.accessKeyId).not.toBe(a?.credentials.accessKeyId);
    expect(aws.calls({ action: 'AssumeRoleWithWebIdentity' })).toHaveLength(2);

    const look = await inspector(redis.url);
    try {
      expect(await look.keys(`${PREFIX}c:*`)).toHaveLength(2);
    } finally {
      look.destroy();
    }
    // Asked again, each broker answers from its own entry.
    expect((await viewer.forRequest(req))?.credentials.accessKeyId).toBe(b?.credentials.accessKeyId);
    expect((await uploader.forRequest(req))?.credentials.accessKeyId).toBe(a?.credentials.accessKeyId);
    expect(aws.calls({ action: 'AssumeRoleWithWebIdentity' })).toHaveLength(2);
  });
});
