import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createCredentialsClient, credentialEndpoint } from '@web-identity/core';
import {
  BROKER_ROLE_ARN,
  DEFAULT_ACCESS_KEY,
  DEFAULT_ROLE_ARN,
  type LocalAws,
  type LocalIdp,
  startLocalAws,
  startLocalIdp,
} from '@web-identity/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import type { ExampleConfig } from '../src/config.js';

let idp: LocalIdp;
let aws: LocalAws;
const servers: Server[] = [];

async function serve(config: ExampleConfig): Promise<string> {
  const server = createServer(createApp(config, { logger: () => {} }));
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const oidcConfig = (): ExampleConfig => ({
  region: aws.region,
  issuer: idp.issuer,
  clientId: 'web-identity-demo',
  roleArn: DEFAULT_ROLE_ARN,
  bucket: 'demo-uploads',
  stsEndpoint: aws.endpoint,
  s3Endpoint: aws.endpoint,
  corsOrigins: ['http://localhost:5173'],
  mode: 'oidc',
});

beforeAll(async () => {
  idp = await startLocalIdp();
  aws = await startLocalAws({ idp });
});
afterAll(async () => {
  for (const s of servers) s.closeAllConnections();
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  await aws?.close();
  await idp?.close();
});

describe('node-example, OIDC mode', () => {
  let url: string;
  beforeAll(async () => {
    url = await serve(oidcConfig());
  });

  it('GET /api/whoami calls STS GetCallerIdentity as the user', async () => {
    const token = await idp.issueIdToken({ sub: 'alice' });
    const res = await fetch(`${url}/api/whoami`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.subject).toBe('alice');
    expect(body.arn).toMatch(/:assumed-role\/PhotoUploader\/alice$/);
    const call = aws.calls({ action: 'GetCallerIdentity' }).at(-1);
    expect(call?.subject).toBe('alice');
    expect(call?.accessKeyId).toBe(
      aws.calls({ action: 'AssumeRoleWithWebIdentity' }).at(-1)?.issuedAccessKeyId,
    );
  });

  it('POST /api/photos uploads to the kit S3 under the user prefix', async () => {
    const token = await idp.issueIdToken({ sub: 'bob' });
    const res = await fetch(`${url}/api/photos?name=cat.jpg`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'image/jpeg' },
      body: new Uint8Array([1, 2, 3]),
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ key: 'uploads/bob/cat.jpg' });
    const put = aws.calls({ action: 'PutObject' }).at(-1);
    expect(put?.subject).toBe('bob');
    expect(put?.status).toBe(200);
  });

  it('GET /aws/credentials vends credentials that core credentialEndpoint source consumes', async () => {
    const token = await idp.issueIdToken({ sub: 'carol' });
    const client = createCredentialsClient({
      region: aws.region,
      source: credentialEndpoint({ url: `${url}/aws/credentials` }),
      getIdToken: () => token,
    });
    try {
      const creds = await client.getCredentials();
      const issued = aws.calls({ action: 'AssumeRoleWithWebIdentity' }).find((c) => c.subject === 'carol');
      expect(creds.accessKeyId).toBe(issued?.issuedAccessKeyId);
      expect(creds.expiration.getTime()).toBeGreaterThan(Date.now() + 10 * 60_000);
    } finally {
      client.dispose();
    }
    const cors = await fetch(`${url}/aws/credentials`, {
      headers: { authorization: `Bearer ${token}`, origin: 'http://localhost:5173' },
    });
    expect(cors.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(cors.headers.get('cache-control')).toBe('no-store');
  });

  it('rejects a missing or foreign token before any STS call', async () => {
    const before = aws.calls({ service: 'sts' }).length;
    const none = await fetch(`${url}/api/whoami`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="aws"');
    const forged = await idp.issueIdToken({ sub: 'mallory' }, { foreignKey: true });
    const bad = await fetch(`${url}/api/whoami`, { headers: { authorization: `Bearer ${forged}` } });
    expect(bad.status).toBe(401);
    expect(aws.calls({ service: 'sts' }).length).toBe(before);
  });

  it('GET /metrics shows exchange durations and cache look-ups in Prometheus format, never a user', async () => {
    const token = await idp.issueIdToken({ sub: 'metrics-user' });
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${url}/api/whoami`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(200);
    }
    const res = await fetch(`${url}/metrics`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toMatch(
      /^web_identity_cache_requests_total\{[^}]*web_identity_cache_result="miss"[^}]*\} [1-9]/m,
    );
    expect(text).toMatch(
      /^web_identity_cache_requests_total\{[^}]*web_identity_cache_result="hit"[^}]*\} [1-9]/m,
    );
    expect(text).toMatch(
      /^web_identity_credentials_exchange_duration_count\{[^}]*web_identity_source="webIdentity"[^}]*\} [1-9]/m,
    );
    expect(text).not.toContain('metrics-user');
    expect(text).not.toContain(token);
  });

  it('serves the browser page at /', async () => {
    const res = await fetch(`${url}/`);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(await res.text()).toContain('data-testid="status"');
  });
});

describe('node-example, ALB mode', () => {
  let url: string;
  beforeAll(async () => {
    url = await serve({
      ...oidcConfig(),
      mode: 'alb',
      alb: {
        signerArn: aws.albSignerArn,
        keyUrl: aws.albKeysUrl,
        brokerRoleArn: BROKER_ROLE_ARN,
        serverCredentials: DEFAULT_ACCESS_KEY,
      },
    });
  });

  it('trusts the ALB header, brokers AssumeRole and scopes S3 to the user', async () => {
    const headers = { 'x-amzn-oidc-data': aws.signAlbOidcData({ sub: 'dave' }) };
    const who = await fetch(`${url}/api/whoami`, { headers });
    expect(who.status).toBe(200);
    expect((await who.json()).arn).toMatch(/:assumed-role\/PhotoBroker\/dave$/);
    const put = await fetch(`${url}/api/photos?name=a.txt`, { method: 'POST', headers, body: 'hi' });
    expect(put.status).toBe(201);
    expect(await put.json()).toEqual({ key: 'uploads/dave/a.txt' });
  });

  it('refuses a header from another load balancer with 401 and no STS call', async () => {
    const before = aws.calls({ service: 'sts' }).length;
    const res = await fetch(`${url}/api/whoami`, {
      headers: {
        'x-amzn-oidc-data': aws.signAlbOidcData(
          { sub: 'x' },
          { signer: 'arn:aws:elasticloadbalancing:other' },
        ),
      },
    });
    expect(res.status).toBe(401);
    expect(aws.calls({ service: 'sts' }).length).toBe(before);
  });
});
