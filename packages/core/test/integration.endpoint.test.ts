/**
 * credentialEndpoint over real HTTP: a small server (standing in for @web-identity/node's handler) that
 * verifies nothing itself and vends credentials by calling the local kit's STS with the caller's token.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  DEFAULT_ROLE_ARN,
  type LocalAws,
  type LocalIdp,
  startLocalAws,
  startLocalIdp,
} from '@web-identity/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type CredentialsClient,
  CredentialsError,
  createCredentialsClient,
  credentialEndpoint,
  fetchTransport,
} from '../src/index.js';

let idp: LocalIdp;
let aws: LocalAws;
let server: Server;
let url: string;
let mode: 'normal' | 'rate-limited' | 'broken-json' | 'token-field' = 'normal';
const seenAuth: string[] = [];
const clients: CredentialsClient[] = [];

beforeAll(async () => {
  idp = await startLocalIdp();
  aws = await startLocalAws({ idp });
  const transport = fetchTransport();
  server = createServer(async (req, res) => {
    const auth = req.headers.authorization ?? '';
    seenAuth.push(auth.slice(0, 7));
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    if (mode === 'rate-limited') return send(429, { title: 'Too many requests' }, { 'retry-after': '1' });
    if (mode === 'broken-json') return send(200, '{"AccessKeyId": ');
    if (!auth.startsWith('Bearer ')) {
      return send(401, { title: 'Unauthorized' }, { 'www-authenticate': 'Bearer realm="aws"' });
    }
    try {
      const r = await transport.assumeRoleWithWebIdentity(
        { roleArn: DEFAULT_ROLE_ARN, roleSessionName: 'endpoint', webIdentityToken: auth.slice(7) },
        { region: aws.region, endpoint: aws.endpoint, signal: new AbortController().signal },
      );
      send(200, {
        AccessKeyId: r.accessKeyId,
        SecretAccessKey: r.secretAccessKey,
        [mode === 'token-field' ? 'Token' : 'SessionToken']: r.sessionToken,
        Expiration: r.expiration.toISOString(),
      });
    } catch (e) {
      const err = e as CredentialsError;
      if (err.code === 'ExpiredIdentityToken' || err.code === 'InvalidIdentityToken') {
        const why = err.code === 'ExpiredIdentityToken' ? 'the token has expired' : 'the token is invalid';
        return send(
          401,
          { title: 'Unauthorized', detail: why },
          { 'www-authenticate': `Bearer realm="aws", error="invalid_token", error_description="${why}"` },
        );
      }
      if (err.code === 'AccessDenied') return send(403, { code: 'AccessDenied', title: 'Forbidden' });
      send(503, { title: 'Service unavailable' }, { 'retry-after': '1' });
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/aws/credentials`;
});
afterAll(async () => {
  await new Promise((r) => server?.close(r));
  await aws?.close();
  await idp?.close();
});
afterEach(() => {
  for (const c of clients.splice(0)) c.dispose();
  aws.faults.reset();
  mode = 'normal';
});

function make(getIdToken = () => idp.issueIdToken({ sub: 'alice' })) {
  const client = createCredentialsClient({
    region: 'eu-west-1',
    source: credentialEndpoint({ url }),
    getIdToken,
  });
  clients.push(client);
  return client;
}

describe('credentialEndpoint', () => {
  it('sends the ID token as a Bearer token and accepts the vended credentials', async () => {
    const client = make();
    const creds = await client.getCredentials();
    expect(seenAuth.at(-1)).toBe('Bearer ');
    expect(creds.accessKeyId).toMatch(/^ASIA/);
    expect(creds.expiration.getTime()).toBeGreaterThan(Date.now() + 3000_000);
    expect(client.getSnapshot().identity?.subject).toBe('alice');
  });

  it('accepts Token as well as SessionToken', async () => {
    mode = 'token-field';
    expect((await make().getCredentials()).sessionToken.length).toBeGreaterThan(10);
  });

  it('maps 401 invalid_token (expired) to ExpiredIdentityToken after one forced refresh', async () => {
    const err = await make(() => idp.issueIdToken({ sub: 'alice', expiresIn: -300 }))
      .refresh()
      .catch((e) => e);
    expect(err).toMatchObject({ code: 'ExpiredIdentityToken', retryable: false });
  });

  it('maps 403 to AccessDenied, 429 to Throttled, 503 to ServerError, garbage to ServerError', async () => {
    const denied = await make(() => idp.issueIdToken({ sub: 'alice', aud: 'other' }))
      .getCredentials()
      .catch((e) => e);
    expect(denied).toMatchObject({ code: 'AccessDenied', retryable: false });
    mode = 'rate-limited';
    expect(
      await make()
        .getCredentials()
        .catch((e) => e),
    ).toMatchObject({ code: 'Throttled', retryable: true });
    mode = 'normal';
    aws.faults.fail(500);
    expect(
      await make()
        .getCredentials()
        .catch((e) => e),
    ).toMatchObject({ code: 'ServerError', retryable: true });
    mode = 'broken-json';
    expect(
      await make()
        .getCredentials()
        .catch((e) => e),
    ).toMatchObject({ code: 'ServerError' });
  });

  it('maps an unreachable endpoint to Network', async () => {
    const client = createCredentialsClient({
      region: 'eu-west-1',
      source: credentialEndpoint({ url: 'http://127.0.0.1:1/aws/credentials' }),
      getIdToken: () => idp.issueIdToken({ sub: 'alice' }),
    });
    clients.push(client);
    const err = await client.getCredentials().catch((e) => e);
    expect(err).toBeInstanceOf(CredentialsError);
    expect(err).toMatchObject({ code: 'Network', retryable: true });
  });
});
