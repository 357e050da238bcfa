import { request } from 'node:http';
import { AssumeRoleWithWebIdentityCommand } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalKit, startLocalKit } from '../src/index.js';
import { rejectionOf, stsClient } from './helpers.js';

let kit: LocalKit;
beforeAll(async () => {
  kit = await startLocalKit();
});
afterAll(() => kit.close());

describe('startLocalKit and the control API', () => {
  it('returns the config the example apps read', () => {
    expect(kit.config).toEqual({
      region: 'eu-west-1',
      issuer: kit.idp.issuer,
      clientId: 'web-identity-demo',
      stsEndpoint: kit.aws.endpoint,
      roleArn: 'arn:aws:iam::123456789012:role/PhotoUploader',
      s3Endpoint: kit.aws.endpoint,
      bucket: 'demo-uploads',
      identityPoolId: kit.aws.identityPools[0]!.id,
      loginUrl: `${kit.idp.issuer}/auth`,
    });
  });

  it('lets another process inject faults and read calls over HTTP', async () => {
    const post = (body: unknown) =>
      fetch(`${kit.aws.endpoint}/__kit/faults`, { method: 'POST', body: JSON.stringify(body) });
    expect((await post({ fault: 'throttle', args: [1] })).status).toBe(204);
    const exchange = async () =>
      stsClient(kit.aws).send(
        new AssumeRoleWithWebIdentityCommand({
          RoleArn: kit.config.roleArn,
          RoleSessionName: 'alice',
          WebIdentityToken: await kit.idp.issueIdToken({ sub: 'alice' }),
        }),
      );
    expect((await rejectionOf(exchange())).name).toBe('Throttling');
    await exchange();
    const calls = await (
      await fetch(`${kit.aws.endpoint}/__kit/calls?action=AssumeRoleWithWebIdentity`)
    ).json();
    expect(calls.map((c: { outcome: string }) => c.outcome)).toEqual(['Throttling', 'success']);
    expect((await fetch(`${kit.aws.endpoint}/__kit/calls`, { method: 'DELETE' })).status).toBe(204);
    expect(kit.aws.calls()).toEqual([]);
    expect((await post({ fault: 'nonsense' })).status).toBe(400);
    expect((await post({ fault: 'reset' })).status).toBe(204);
  });
});

/** One request with any `Host` and `Origin` (fetch does not let a caller choose `Host`). */
function raw(url: string, method: string, headers: Record<string, string>, body = '') {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>(
    (resolve, reject) => {
      const req = request(url, { method, headers }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      });
      req.on('error', reject);
      req.end(body);
    },
  );
}

describe('issue 22, finding 5: the control API answers loopback pages and hosts only', () => {
  const mint = (headers: Record<string, string>) =>
    raw(`${kit.aws.endpoint}/__kit/id-tokens`, 'POST', headers, '{"sub":"alice"}');

  it('refuses a page on another origin, with no CORS headers and without minting', async () => {
    for (const origin of [
      'https://evil.example',
      'http://127.0.0.1.evil.example',
      'null',
      'http://10.0.0.5:3000',
    ]) {
      const res = await mint({ origin });
      expect(res.status, origin).toBe(403);
      expect(res.headers['access-control-allow-origin'], origin).toBeUndefined();
      expect(res.body).not.toContain('id_token');
      const preflight = await raw(`${kit.aws.endpoint}/__kit/faults`, 'OPTIONS', {
        origin,
        'access-control-request-method': 'POST',
      });
      expect(preflight.status, origin).toBe(403);
      expect(preflight.headers['access-control-allow-origin'], origin).toBeUndefined();
    }
  });

  it('refuses a request addressed to another host (DNS rebinding), whatever its origin', async () => {
    for (const host of ['evil.example', 'evil.example:4566', 'kit.internal']) {
      expect((await mint({ host })).status, host).toBe(403);
      expect((await mint({ host, origin: `http://${host}` })).status, host).toBe(403);
    }
  });

  it('serves loopback pages on any port, and processes without an Origin', async () => {
    const port = new URL(kit.aws.endpoint).port;
    const origins = [
      'http://localhost:5173',
      'https://127.0.0.1:8443',
      'http://[::1]:3000',
      'http://localhost',
    ];
    for (const origin of origins) {
      const res = await mint({ origin });
      expect(res.status, origin).toBe(200);
      expect(res.headers['access-control-allow-origin']).toBe(origin);
      expect(JSON.parse(res.body).id_token).toMatch(/^eyJ/);
    }
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`]) {
      expect((await mint({ host })).status, host).toBe(200);
    }
    expect((await fetch(`${kit.aws.endpoint}/__kit/roles`)).status).toBe(200);
  });
});
