// Issue 22, finding 3, on a real redis-server: two brokers whose sources assume different roles share one
// redisStore (one client, one prefix, one keyring). Each user must get the keys of the broker asked, never the
// other broker's entry under the same Redis name. Tokens from the kit's IdP, STS from the kit, over HTTP.
import { createCredentialsBroker, webIdentity } from '@web-identity/node';
import {
  DEFAULT_ROLE_ARN,
  defaultRoles,
  type LocalKit,
  type LocalRedis,
  startLocalKit,
  startLocalRedis,
} from '@web-identity/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisStore } from '../src/redisStore.js';
import { connect, inspector, newKeys } from './helpers.js';

const PREFIX = 'scope:';

let redis: LocalRedis;
let kit: LocalKit;
const open: { close(): unknown }[] = [];
/** The kit's default roles plus PhotoViewer: PhotoUploader's trust under another name. */
const VIEWER_ROLE_ARN = DEFAULT_ROLE_ARN.replace('PhotoUploader', 'PhotoViewer');

beforeAll(async () => {
  redis = await startLocalRedis();
  kit = await startLocalKit({
    resolve: (issuer) => ({
      roles: [...defaultRoles([issuer]), { ...defaultRoles([issuer])[0]!, arn: VIEWER_ROLE_ARN }],
    }),
  });
});
afterAll(async () => {
  for (const o of open.splice(0)) await o.close();
  await kit?.close();
  await redis?.close();
});

describe('one redisStore shared by brokers on two roles', () => {
  it('keeps one entry per role for the same user, and each broker answers with its own role', async () => {
    const client = await connect('node-redis', redis.url);
    const store = redisStore({ client: client.client, keys: newKeys(), prefix: PREFIX, timeoutMs: 1_000 });
    open.push(client, store);
    const broker = (roleArn: string) =>
      createCredentialsBroker({
        region: kit.aws.region,
        source: webIdentity({ roleArn, endpoint: kit.aws.endpoint }),
        verify: { issuer: kit.idp.issuer, audience: kit.idp.clientId },
        cache: store,
      });
    const [uploader, viewer] = [broker(DEFAULT_ROLE_ARN), broker(VIEWER_ROLE_ARN)];
    const req = { headers: { authorization: `Bearer ${await kit.idp.issueIdToken({ sub: 'gus' })}` } };

    const a = await uploader.forRequest(req);
    const b = await viewer.forRequest(req);
    expect(a?.identity.assumedRoleArn).toMatch(/assumed-role\/PhotoUploader\/gus$/);
    expect(b?.identity.assumedRoleArn).toMatch(/assumed-role\/PhotoViewer\/gus$/);
    expect(b?.credentials.accessKeyId).not.toBe(a?.credentials.accessKeyId);
    expect(kit.aws.calls({ action: 'AssumeRoleWithWebIdentity' })).toHaveLength(2);

    const look = await inspector(redis.url);
    try {
      expect(await look.keys(`${PREFIX}c:*`)).toHaveLength(2);
    } finally {
      look.destroy();
    }
    // Asked again, each broker answers from its own entry.
    expect((await viewer.forRequest(req))?.credentials.accessKeyId).toBe(b?.credentials.accessKeyId);
    expect((await uploader.forRequest(req))?.credentials.accessKeyId).toBe(a?.credentials.accessKeyId);
    expect(kit.aws.calls({ action: 'AssumeRoleWithWebIdentity' })).toHaveLength(2);
  });
});
