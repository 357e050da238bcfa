import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { webIdentity } from '@web-identity/core';
import {
  DEFAULT_ROLE_ARN,
  type LocalAws,
  type LocalIdp,
  startLocalAws,
  startLocalIdp,
} from '@web-identity/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentialEndpoint } from '../src/http/endpoint.js';
import { awsCredentials } from '../src/http/express.js';
import type { RequestAws } from '../src/types.js';

// Connect-style: the middleware and the endpoint on a bare node:http server, no framework.
describe('plain node:http / Connect', () => {
  let idp: LocalIdp;
  let aws: LocalAws;
  let server: Server;
  let url: string;

  beforeAll(async () => {
    idp = await startLocalIdp();
    aws = await startLocalAws({ idp });
    const mw = awsCredentials({
      region: aws.region,
      source: webIdentity({ roleArn: DEFAULT_ROLE_ARN, endpoint: aws.endpoint }),
      verify: { issuer: idp.issuer, audience: 'web-identity-demo' },
      onError: 'next',
    });
    const vend = credentialEndpoint(mw.broker);
    server = createServer((req, res) => {
      if (req.url === '/aws/credentials') return vend(req, res);
      mw(req, res, (err) => {
        if (err) {
          const e = err as { status: number; headers: Record<string, string>; code: string };
          res.writeHead(e.status, e.headers).end(JSON.stringify({ passedToNext: e.code }));
          return;
        }
        res.end(
          JSON.stringify({
            subject: (req as typeof req & { aws?: RequestAws | null }).aws?.identity.subject,
          }),
        );
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((r) => server?.close(r));
    await aws?.close();
    await idp?.close();
  });

  it('sets req.aws and shares the broker cache with the endpoint', async () => {
    const token = await idp.issueIdToken({ sub: 'alice' });
    const headers = { authorization: `Bearer ${token}` };
    expect(await (await fetch(url, { headers })).json()).toEqual({ subject: 'alice' });
    const vended = await (await fetch(`${url}/aws/credentials`, { headers })).json();
    expect(aws.calls({ action: 'AssumeRoleWithWebIdentity' })).toHaveLength(1);
    expect(vended.AccessKeyId).toBe(aws.calls({ action: 'AssumeRoleWithWebIdentity' })[0]?.issuedAccessKeyId);
  });

  it("onError: 'next' hands the error to next() with status and challenge headers", async () => {
    const res = await fetch(url);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="aws"');
    expect(await res.json()).toEqual({ passedToNext: 'NoIdentityToken' });
  });
});
