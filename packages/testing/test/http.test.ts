import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalAws, type LocalIdp, startLocalAws, startLocalIdp } from '../src/index.js';
import { postQuery } from './helpers.js';

let idp: LocalIdp;
let aws: LocalAws;

beforeAll(async () => {
  idp = await startLocalIdp();
  aws = await startLocalAws({ idp });
});
afterAll(async () => {
  await aws.close();
  await idp.close();
});

describe('CORS', () => {
  it('answers preflights with the SDK headers allowed', async () => {
    const res = await fetch(aws.endpoint, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers':
          'x-amz-security-token,amz-sdk-invocation-id,amz-sdk-request,content-type',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(res.headers.get('access-control-allow-methods')).toContain('PUT');
    const allowed = res.headers.get('access-control-allow-headers')!;
    for (const h of ['x-amz-security-token', 'amz-sdk-invocation-id', 'amz-sdk-request'])
      expect(allowed).toContain(h);
  });

  it('exposes Date, x-amzn-RequestId and ETag to browsers', async () => {
    const res = await fetch(aws.endpoint, {
      method: 'POST',
      headers: { origin: 'http://127.0.0.1:3000' },
      body: '',
    });
    await res.text();
    const exposed = res.headers.get('access-control-expose-headers')!.split(/,\s*/);
    expect(exposed).toEqual(expect.arrayContaining(['Date', 'x-amzn-RequestId', 'ETag']));
    expect(res.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:3000');
  });

  it('can withhold Date from browsers (exposeDateHeader: false)', async () => {
    const hidden = await startLocalAws({ idp, exposeDateHeader: false });
    try {
      const res = await fetch(hidden.endpoint, {
        method: 'POST',
        headers: { origin: 'http://localhost:1' },
        body: '',
      });
      await res.text();
      expect(res.headers.get('access-control-expose-headers')).not.toMatch(/\bDate\b/);
      expect(res.headers.get('access-control-expose-headers')).toContain('x-amzn-RequestId');
    } finally {
      await hidden.close();
    }
  });
});

describe('bad input never crashes or hangs', () => {
  it('missing Action → MissingAction', async () => {
    const res = await postQuery(aws, 'Version=2011-06-15');
    expect(res.status).toBe(400);
    expect(res.text).toContain('<Code>MissingAction</Code>');
  });

  it('unknown action → InvalidAction', async () => {
    const res = await postQuery(aws, 'Action=DeleteEverything&Version=2011-06-15');
    expect(res.status).toBe(400);
    expect(res.text).toContain('<Code>InvalidAction</Code>');
    expect(res.text).toContain('<Type>Sender</Type>');
    expect(res.headers.get('x-amzn-requestid')).toBeTruthy();
  });

  it.each(['RoleArn', 'RoleSessionName', 'WebIdentityToken'])(
    'missing %s → MissingParameter',
    async (name) => {
      const params = new URLSearchParams({
        Action: 'AssumeRoleWithWebIdentity',
        Version: '2011-06-15',
        RoleArn: 'arn:aws:iam::123456789012:role/PhotoUploader',
        RoleSessionName: 'alice',
        WebIdentityToken: 'abcdef',
      });
      params.delete(name);
      const res = await postQuery(aws, params.toString());
      expect(res.status).toBe(400);
      expect(res.text).toContain('<Code>MissingParameter</Code>');
      expect(res.text).toContain(name);
    },
  );

  it('a binary garbage body gets an AWS-shaped error', async () => {
    const res = await postQuery(aws, Buffer.from([0xff, 0x00, 0xfe, 0x25, 0x26, 0x3d, 0x3d, 0x25]));
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/<ErrorResponse .*<Code>\w+<\/Code>/);
  });

  it('a malformed Cognito JSON body gets a JSON error', async () => {
    const res = await fetch(aws.endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AWSCognitoIdentityService.GetId',
      },
      body: '{"IdentityPoolId": ',
    });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(typeof body.__type).toBe('string');
  });

  it('a body over 1 MiB → 413, and the server keeps serving', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const url = new URL(aws.endpoint);
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          method: 'POST',
          path: '/',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end(Buffer.alloc(1024 * 1024 + 10, 0x61));
    });
    expect(status).toBe(413);
    const again = await postQuery(aws, 'Action=Nope');
    expect(again.status).toBe(400);
  });

  it('a client that leaves mid-body does not break the server', async () => {
    const { connect } = await import('node:net');
    const url = new URL(aws.endpoint);
    await new Promise<void>((resolve, reject) => {
      const socket = connect(Number(url.port), url.hostname, () => {
        socket.write(
          'POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nAction=',
        );
        setImmediate(() => {
          socket.destroy();
          resolve();
        });
      });
      socket.on('error', reject);
    });
    const again = await postQuery(aws, 'Action=Nope');
    expect(again.status).toBe(400);
    expect(again.text).toContain('InvalidAction');
  });

  it('accepts the Query protocol as a GET query string too', async () => {
    const res = await fetch(`${aws.endpoint}/?Action=GetCallerIdentity&Version=2011-06-15`);
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('<Code>MissingAuthenticationToken</Code>');
  });

  it('a malformed HTTP request gets 400, not a hang', async () => {
    const { connect } = await import('node:net');
    const url = new URL(aws.endpoint);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(url.port), url.hostname, () => socket.write('NOT HTTP AT ALL\r\n\r\n'));
      let data = '';
      socket.on('data', (d) => {
        data += d.toString();
      });
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400/);
  });
});
