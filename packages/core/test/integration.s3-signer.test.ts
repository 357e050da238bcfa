/** client.provider inside real SDK clients, and signRequest/signedFetch, against the local kit's SigV4 checks. */
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  DEFAULT_ROLE_ARN,
  type LocalAws,
  type LocalIdp,
  startLocalAws,
  startLocalIdp,
} from '@web-identity/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  type CredentialsClient,
  createCredentialsClient,
  fetchTransport,
  sdkTransport,
  signedFetch,
  signRequest,
  webIdentity,
} from '../src/index.js';

let idp: LocalIdp;
let aws: LocalAws;
let client: CredentialsClient;

beforeAll(async () => {
  idp = await startLocalIdp();
  aws = await startLocalAws({ idp });
});
afterAll(async () => {
  client?.dispose();
  await aws?.close();
  await idp?.close();
});

let signedIn = true;

function make(transport = fetchTransport(), sub = 'alice') {
  signedIn = true;
  return createCredentialsClient({
    region: aws.region,
    source: webIdentity({ roleArn: DEFAULT_ROLE_ARN, endpoint: aws.endpoint }),
    getIdToken: () => (signedIn ? idp.issueIdToken({ sub }) : null),
    transport,
  });
}

describe.each([
  ['sdk', () => sdkTransport()],
  ['fetch', () => fetchTransport()],
] as const)('S3 with client.provider (%s transport)', (_n, transport) => {
  it('puts and lists under the user prefix, is denied elsewhere, with one STS exchange', async () => {
    aws.clearCalls();
    const c = make(transport());
    const s3 = new S3Client({
      region: aws.region,
      endpoint: aws.endpoint,
      forcePathStyle: true,
      credentials: c.provider,
    });
    try {
      await s3.send(
        new PutObjectCommand({ Bucket: 'demo-uploads', Key: 'uploads/alice/hello.txt', Body: 'hi' }),
      );
      const got = await s3.send(
        new GetObjectCommand({ Bucket: 'demo-uploads', Key: 'uploads/alice/hello.txt' }),
      );
      expect(await got.Body?.transformToString()).toBe('hi');
      const list = await s3.send(
        new ListObjectsV2Command({ Bucket: 'demo-uploads', Prefix: 'uploads/alice/' }),
      );
      expect(list.Contents?.map((o) => o.Key)).toContain('uploads/alice/hello.txt');
      const denied = await s3
        .send(
          new PutObjectCommand({ Bucket: 'demo-uploads', Key: 'uploads/someone-else/probe.txt', Body: 'x' }),
        )
        .catch((e) => e);
      expect(denied.name).toBe('AccessDenied');
      expect(aws.calls({ action: 'AssumeRoleWithWebIdentity' })).toHaveLength(1);
      // After sign-out (app and IdP) the SDK drops its cached keys and can no longer get new ones.
      signedIn = false;
      c.signOut();
      const after = await s3
        .send(new GetObjectCommand({ Bucket: 'demo-uploads', Key: 'uploads/alice/hello.txt' }))
        .catch((e) => e);
      expect(after).toMatchObject({ code: 'NoIdentityToken' });
      expect(aws.calls({ service: 's3' }).filter((x) => x.outcome === 'success')).toHaveLength(3);
    } finally {
      s3.destroy();
      c.dispose();
    }
  });
});

describe('signRequest / signedFetch', () => {
  it('signs execute-api calls the kit verifies, with the body hashed', async () => {
    client = make();
    const api = signedFetch({ credentials: client, region: aws.region });
    const res = await api(`${aws.executeApiUrl}/photos?b=2&a=1&a=0`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'cat' }),
    });
    expect(res.status).toBe(200);
    const echo = await res.json();
    expect(echo).toMatchObject({ principalType: 'AssumedRole', roleArn: DEFAULT_ROLE_ARN, subject: 'alice' });
    expect(echo.body).toBe('{"title":"cat"}');
  });

  it('a request changed after signing is refused', async () => {
    client ??= make();
    const signed = await signRequest(
      new Request(`${aws.executeApiUrl}/photos`, { method: 'PUT', body: 'one' }),
      {
        credentials: client.provider,
        region: aws.region,
      },
    );
    const tampered = new Request(signed.url, { method: 'PUT', headers: signed.headers, body: 'two' });
    expect((await fetch(tampered)).status).toBe(403);
    expect((await fetch(signed)).status).toBe(200);
  });

  // React Native's URL (RN 0.86) has getters only for pathname (and no setter for most parts): signing must not
  // assign to a URL's parts.
  it("signs with a URL whose pathname cannot be set (React Native's)", async () => {
    class GetterOnlyUrl extends URL {
      override get pathname(): string {
        return super.pathname;
      }
      override set pathname(_value: string) {
        throw new TypeError("Cannot assign to property 'pathname' which has only a getter");
      }
    }
    client ??= make();
    vi.stubGlobal('URL', GetterOnlyUrl);
    try {
      const url = `${aws.endpoint}/demo-uploads/uploads/alice/rn%20url.txt?x-id=PutObject`;
      const put = await signRequest(new Request(url, { method: 'PUT', body: 'rn' }), {
        credentials: client,
        region: aws.region,
        service: 's3',
      });
      expect(put.url).toBe(url);
      expect((await fetch(put)).status).toBe(200);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('signs S3 requests (service s3, payload hash header)', async () => {
    client ??= make();
    const url = `${aws.endpoint}/demo-uploads/uploads/alice/signed.txt`;
    const put = await signRequest(new Request(url, { method: 'PUT', body: 'signed body' }), {
      credentials: await client.getCredentials(),
      region: aws.region,
      service: 's3',
    });
    expect(put.headers.get('x-amz-content-sha256')).toMatch(/^[0-9a-f]{64}$/);
    expect((await fetch(put)).status).toBe(200);
    const get = await signedFetch({ credentials: client, region: aws.region, service: 's3' })(url);
    expect(await get.text()).toBe('signed body');
  });

  it("finding 6: awkward S3 keys signed by signRequest are the SDK's keys; awkward queries verify in execute-api", async () => {
    client ??= make();
    const s3 = new S3Client({
      region: aws.region,
      endpoint: aws.endpoint,
      forcePathStyle: true,
      credentials: client.provider,
    });
    const keys = [
      'with space.txt',
      'plus+sign.txt',
      "paren(s)!star*quote'.txt",
      'ümlaut-日本-😀.txt',
      'a=b&c;d,e$f:g@h.txt',
    ];
    try {
      for (const name of keys) {
        const key = `uploads/alice/${name}`;
        const written = [...key].map((c) => (/[()!*'+$,;:@/]/.test(c) ? c : encodeURIComponent(c))).join('');
        const put = await signRequest(
          new Request(`${aws.endpoint}/demo-uploads/${written}`, { method: 'PUT', body: `body of ${name}` }),
          { credentials: client, region: aws.region, service: 's3' },
        );
        expect((await fetch(put)).status, name).toBe(200);
        const got = await s3.send(new GetObjectCommand({ Bucket: 'demo-uploads', Key: key }));
        expect(await got.Body?.transformToString(), name).toBe(`body of ${name}`);
      }
    } finally {
      s3.destroy();
    }
    const api = signedFetch({ credentials: client, region: aws.region });
    const res = await api(
      `${aws.executeApiUrl}/items/(x)!*'?q=a+b&sp=a%20b&bang=()!*'&empty=&u=%C3%BC&k=2&k=1`,
    );
    expect(res.status).toBe(200);
    const echo = await res.json();
    expect(echo.query).toMatchObject({ q: 'a+b', sp: 'a b', bang: "()!*'", empty: '', u: 'ü' });
  });
});
