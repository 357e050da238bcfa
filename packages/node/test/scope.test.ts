// Issue 22, finding 3: whose keys these are. Brokers that differ in role, session policy or tags and share one
// store must never hand a user the other broker's keys. Real servers, tokens from the kit's IdP, STS from the kit.

import { webIdentity } from '@web-identity/core';
import {
  BROKER_ROLE_ARN,
  DEFAULT_ACCESS_KEY,
  DEFAULT_ROLE_ARN,
  defaultRoles,
  type LocalKit,
  startLocalKit,
} from '@web-identity/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryCache } from '../src/broker/cache.js';
import { assumeRole } from '../src/sources/assumeRole.js';
import type { CredentialsStore } from '../src/store.js';
import type { CredentialsBrokerOptions, VerifiedIdentity } from '../src/types.js';
import { type RunningApp, startExpress } from './apps.js';

const VIEWER_ROLE_ARN = DEFAULT_ROLE_ARN.replace('PhotoUploader', 'PhotoViewer');
const AUDIENCE = 'web-identity-demo';

let kit: LocalKit;
const running: RunningApp[] = [];
const idp = () => kit.idp;
const aws = () => kit.aws;

beforeAll(async () => {
  // A second role the IdP's users may assume with their ID token: the default role's trust, another name.
  kit = await startLocalKit({
    resolve: (issuer) => {
      const [uploader, ...rest] = defaultRoles([issuer]);
      return { roles: [uploader!, ...rest, { ...uploader!, arn: VIEWER_ROLE_ARN }] };
    },
  });
});
afterAll(async () => {
  await Promise.all(running.map((a) => a.close()));
  await kit?.close();
});

async function app(broker: Partial<CredentialsBrokerOptions>): Promise<RunningApp> {
  const a = await startExpress({
    broker: {
      region: aws().region,
      source: webIdentity({ roleArn: DEFAULT_ROLE_ARN, endpoint: aws().endpoint }),
      verify: { issuer: idp().issuer, audience: AUDIENCE },
      ...broker,
    },
    awsEndpoint: aws().endpoint,
    bucket: 'demo-uploads',
  });
  running.push(a);
  return a;
}

async function call(a: RunningApp, path: string, token: string, method = 'GET') {
  const res = await fetch(a.url + path, { method, headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const webIdentityOn = (roleArn: string) => webIdentity({ roleArn, endpoint: aws().endpoint });

/** A session policy allowing S3 under `uploads/<folder>/` only. */
const onlyUnder = (folder: string) => () => ({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Action: ['s3:PutObject', 's3:GetObject'],
      Resource: `arn:aws:s3:::demo-uploads/uploads/${folder}/*`,
    },
  ],
});

const brokerOn = (extra: Parameters<typeof assumeRole>[0] extends infer O ? Partial<O> : never) =>
  assumeRole({
    roleArn: BROKER_ROLE_ARN,
    endpoint: aws().endpoint,
    credentials: DEFAULT_ACCESS_KEY,
    ...extra,
  });

describe('two brokers sharing one store keep their entries apart', () => {
  it('webIdentity on two roles, one memoryCache: each caller gets its own broker’s role', async () => {
    const cache = memoryCache();
    const uploader = await app({ source: webIdentityOn(DEFAULT_ROLE_ARN), cache });
    const viewer = await app({ source: webIdentityOn(VIEWER_ROLE_ARN), cache });
    const token = await idp().issueIdToken({ sub: 'ada' });
    const before = aws().calls({ action: 'AssumeRoleWithWebIdentity' }).length;

    const first = await call(uploader, '/api/me', token);
    const second = await call(viewer, '/api/me', token);
    expect(first.body.assumedRoleArn).toMatch(/assumed-role\/PhotoUploader\/ada$/);
    expect(second.body.assumedRoleArn).toMatch(/assumed-role\/PhotoViewer\/ada$/);
    expect(second.body.accessKeyId).not.toBe(first.body.accessKeyId);
    // The keys themselves are the other role's: AWS says so.
    expect((await call(viewer, '/api/whoami', token)).body.arn).toMatch(/assumed-role\/PhotoViewer\/ada$/);
    expect(cache.size).toBe(2);
    expect(aws().calls({ action: 'AssumeRoleWithWebIdentity' })).toHaveLength(before + 2);

    // Each broker's entry serves its own callers again (no exchange).
    expect((await call(uploader, '/api/me', token)).body.accessKeyId).toBe(first.body.accessKeyId);
    expect((await call(viewer, '/api/me', token)).body.accessKeyId).toBe(second.body.accessKeyId);
    expect(aws().calls({ action: 'AssumeRoleWithWebIdentity' })).toHaveLength(before + 2);
  });

  it('verify: false (keyed by the token) on two roles, one memoryCache: still two entries', async () => {
    const cache = memoryCache();
    const uploader = await app({ source: webIdentityOn(DEFAULT_ROLE_ARN), cache, verify: false });
    const viewer = await app({ source: webIdentityOn(VIEWER_ROLE_ARN), cache, verify: false });
    const token = await idp().issueIdToken({ sub: 'bea' });
    expect((await call(uploader, '/api/me', token)).body.assumedRoleArn).toMatch(/PhotoUploader\/bea$/);
    expect((await call(viewer, '/api/me', token)).body.assumedRoleArn).toMatch(/PhotoViewer\/bea$/);
    expect(cache.size).toBe(2);
  });

  it('assumeRole on one role with different session policies, one memoryCache: each keeps its own policy', async () => {
    const cache = memoryCache();
    const red = await app({ source: brokerOn({ sessionPolicy: onlyUnder('red') }), cache });
    const blue = await app({ source: brokerOn({ sessionPolicy: onlyUnder('blue') }), cache });
    const token = await idp().issueIdToken({ sub: 'cy' });
    const before = aws().calls({ action: 'AssumeRole' }).length;

    expect((await call(red, '/api/files/red/a.txt', token, 'PUT')).body).toEqual({
      stored: 'uploads/red/a.txt',
    });
    expect((await call(blue, '/api/files/blue/a.txt', token, 'PUT')).body).toEqual({
      stored: 'uploads/blue/a.txt',
    });
    expect((await call(blue, '/api/files/red/b.txt', token, 'PUT')).body).toEqual({ error: 'AccessDenied' });
    expect((await call(red, '/api/files/blue/b.txt', token, 'PUT')).body).toEqual({ error: 'AccessDenied' });
    expect(cache.size).toBe(2);
    expect(aws().calls({ action: 'AssumeRole' })).toHaveLength(before + 2);
  });

  it('assumeRole on one role with different session tags, one memoryCache: two entries, two sessions', async () => {
    const cache = memoryCache();
    const a = await app({ source: brokerOn({ tags: () => ({ team: 'a' }) }), cache });
    const b = await app({ source: brokerOn({ tags: () => ({ team: 'b' }) }), cache });
    const token = await idp().issueIdToken({ sub: 'dee' });
    const keyA = (await call(a, '/api/me', token)).body.accessKeyId;
    const keyB = (await call(b, '/api/me', token)).body.accessKeyId;
    expect(keyB).not.toBe(keyA);
    expect(cache.size).toBe(2);
  });

  it('assumeRole: the session is built from the identity the key names (the verifier’s matched audience)', async () => {
    const seen: (string | undefined)[] = [];
    const source = brokerOn({
      sessionPolicy: (id: VerifiedIdentity) => {
        seen.push(id.audience);
        return onlyUnder('x')();
      },
    });
    const a = await app({ source });
    // Two audiences, `azp` naming the other one: only the verifier knows which one matched.
    const token = await idp().issueIdToken({
      sub: 'eve',
      aud: ['other-client', AUDIENCE],
      azp: 'other-client',
    });
    expect((await call(a, '/api/me', token)).status).toBe(200);
    expect(seen.length).toBeGreaterThan(0);
    expect(new Set(seen)).toEqual(new Set([AUDIENCE]));
  });
});

describe('a shared store of its own (any CredentialsStore)', () => {
  it('two roles, one custom store: two entries under two keys', async () => {
    const map = new Map<string, unknown>();
    const store: CredentialsStore = {
      name: 'shared-map',
      get: (key) => map.get(key) as never,
      set: (key, entry) => void map.set(key, entry),
      delete: (key) => void map.delete(key),
    };
    const uploader = await app({ source: webIdentityOn(DEFAULT_ROLE_ARN), cache: store });
    const viewer = await app({ source: webIdentityOn(VIEWER_ROLE_ARN), cache: store });
    const token = await idp().issueIdToken({ sub: 'fay' });
    expect((await call(uploader, '/api/me', token)).body.assumedRoleArn).toMatch(/PhotoUploader\/fay$/);
    expect((await call(viewer, '/api/me', token)).body.assumedRoleArn).toMatch(/PhotoViewer\/fay$/);
    expect(map.size).toBe(2);
  });
});
