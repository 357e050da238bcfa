// The proxy alone (Next 16's middleware; `aws.proxy`) in front of a route that has no wrapper: a request
// without a valid token never reaches the route, a valid one does (and warms the cache the routes share).
import {
  DEFAULT_ROLE_ARN,
  type LocalAws,
  type LocalIdp,
  startLocalAws,
  startLocalIdp,
} from '@web-identity/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startNext } from './startNext.js';

let idp: LocalIdp;
let aws: LocalAws;
let app: Awaited<ReturnType<typeof startNext>>;

beforeAll(async () => {
  idp = await startLocalIdp();
  aws = await startLocalAws({ idp });
  app = await startNext({
    AWS_REGION: aws.region,
    OIDC_ISSUER: idp.issuer,
    OIDC_CLIENT_ID: 'web-identity-demo',
    ROLE_ARN: DEFAULT_ROLE_ARN,
    STS_ENDPOINT: aws.endpoint,
    S3_ENDPOINT: aws.endpoint,
  });
});
afterAll(async () => {
  await app?.close();
  await aws?.close();
  await idp?.close();
});

it('the proxy refuses an unwrapped route without a valid token, and lets a valid one through', async () => {
  const none = await fetch(`${app.url}/api/ping`);
  expect(none.status).toBe(401);
  expect(none.headers.get('www-authenticate')).toBe('Bearer realm="aws"');
  const forged = await idp.issueIdToken({ sub: 'mallory' }, { foreignKey: true });
  const bad = await fetch(`${app.url}/api/ping`, { headers: { authorization: `Bearer ${forged}` } });
  expect(bad.status).toBe(401);
  expect(aws.calls({ action: 'AssumeRoleWithWebIdentity' })).toHaveLength(0);
  const token = await idp.issueIdToken({ sub: 'pat' });
  const ok = await fetch(`${app.url}/api/ping`, { headers: { authorization: `Bearer ${token}` } });
  expect(ok.status).toBe(200);
  expect(await ok.json()).toEqual({ pong: true });
  // The proxy's look-up cached pat's keys for the routes: /api/me costs no further exchange.
  const me = await fetch(`${app.url}/api/me`, { headers: { authorization: `Bearer ${token}` } });
  expect(((await me.json()) as { subject: string }).subject).toBe('pat');
  expect(aws.calls({ action: 'AssumeRoleWithWebIdentity' })).toHaveLength(1);
});
