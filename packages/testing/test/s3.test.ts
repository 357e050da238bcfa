import { Readable } from 'node:stream';
import { Sha256 } from '@aws-crypto/sha256-js';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  NoSuchBucket,
  NoSuchKey,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { AssumeRoleWithWebIdentityCommand } from '@aws-sdk/client-sts';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { defaultRoles, type LocalAws, type LocalIdp, startLocalAws, startLocalIdp } from '../src/index.js';
import { credentialsFor, rejectionOf, s3Client, stsClient } from './helpers.js';

let idp: LocalIdp;
let aws: LocalAws;
const USERID_ROLE = 'arn:aws:iam::123456789012:role/ByUserId';
const DENY_ROLE = 'arn:aws:iam::123456789012:role/DenyPrivate';

beforeAll(async () => {
  idp = await startLocalIdp();
  const trust = defaultRoles([idp.issuer])[0]!.trustPolicy;
  aws = await startLocalAws({
    idp,
    buckets: ['demo-uploads', 'other-bucket'],
    roles: [
      ...defaultRoles([idp.issuer]),
      {
        arn: USERID_ROLE,
        trustPolicy: trust,
        permissions: [
          {
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Action: 's3:*Object',
                // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable
                Resource: 'arn:aws:s3:::demo-uploads/home/${aws:userid}/*',
              },
            ],
          },
        ],
      },
      {
        arn: DENY_ROLE,
        trustPolicy: trust,
        permissions: [
          {
            Version: '2012-10-17',
            Statement: [
              { Effect: 'Allow', Action: 's3:*', Resource: '*' },
              { Effect: 'Deny', Action: 's3:GetObject', Resource: 'arn:aws:s3:::demo-uploads/private/*' },
            ],
          },
        ],
      },
    ],
  });
});
afterAll(async () => {
  await aws.close();
  await idp.close();
});
beforeEach(() => {
  aws.faults.reset();
  aws.clearCalls();
});

describe('S3 subset with the role policy enforced', () => {
  it('lets a user put, get, head, list and delete under uploads/<sub>/', async () => {
    const s3 = s3Client(aws, await credentialsFor(aws, idp, 'alice'));
    const put = await s3.send(
      new PutObjectCommand({
        Bucket: 'demo-uploads',
        Key: 'uploads/alice/a b+c.txt',
        Body: 'hello',
        ContentType: 'text/plain',
      }),
    );
    expect(put.ETag).toBe('"5d41402abc4b2a76b9719d911017c592"');
    const got = await s3.send(
      new GetObjectCommand({ Bucket: 'demo-uploads', Key: 'uploads/alice/a b+c.txt' }),
    );
    expect(await got.Body!.transformToString()).toBe('hello');
    expect(got.ContentType).toBe('text/plain');
    expect(got.ETag).toBe(put.ETag);
    const head = await s3.send(
      new HeadObjectCommand({ Bucket: 'demo-uploads', Key: 'uploads/alice/a b+c.txt' }),
    );
    expect(head.ContentLength).toBe(5);
    const list = await s3.send(
      new ListObjectsV2Command({ Bucket: 'demo-uploads', Prefix: 'uploads/alice/' }),
    );
    expect(list.Contents!.map((o) => o.Key)).toEqual(['uploads/alice/a b+c.txt']);
    expect(list.KeyCount).toBe(1);
    await s3.send(new DeleteObjectCommand({ Bucket: 'demo-uploads', Key: 'uploads/alice/a b+c.txt' }));
    const after = await s3.send(
      new ListObjectsV2Command({ Bucket: 'demo-uploads', Prefix: 'uploads/alice/' }),
    );
    expect(after.Contents ?? []).toEqual([]);
    expect(aws.calls({ service: 's3' }).map((c) => [c.action, c.subject, c.outcome])).toEqual([
      ['PutObject', 'alice', 'success'],
      ['GetObject', 'alice', 'success'],
      ['HeadObject', 'alice', 'success'],
      ['ListObjectsV2', 'alice', 'success'],
      ['DeleteObject', 'alice', 'success'],
      ['ListObjectsV2', 'alice', 'success'],
    ]);
  });

  it('accepts streamed bodies the SDK sends aws-chunked with a trailing checksum', async () => {
    const s3 = s3Client(aws, await credentialsFor(aws, idp, 'alice'));
    await s3.send(
      new PutObjectCommand({
        Bucket: 'demo-uploads',
        Key: 'uploads/alice/stream.txt',
        Body: Readable.from([Buffer.from('hello '), Buffer.from('stream')]),
        ContentLength: 12,
      }),
    );
    const calls = aws.calls({ action: 'PutObject' });
    expect(calls.at(-1)!.outcome).toBe('success');
    const got = await s3.send(
      new GetObjectCommand({ Bucket: 'demo-uploads', Key: 'uploads/alice/stream.txt' }),
    );
    expect(await got.Body!.transformToString()).toBe('hello stream');
  });

  it('denies another user’s prefix with AccessDenied, in plain words', async () => {
    const s3 = s3Client(aws, await credentialsFor(aws, idp, 'alice'));
    const err = await rejectionOf(
      s3.send(
        new PutObjectCommand({ Bucket: 'demo-uploads', Key: 'uploads/someone-else/probe.txt', Body: 'x' }),
      ),
    );
    expect(err.name).toBe('AccessDenied');
    expect(err.message).toContain('s3:PutObject');
    expect(err.message).toContain('uploads/someone-else/probe.txt');
    expect((err.$metadata as { httpStatusCode: number }).httpStatusCode).toBe(403);
    const list = await rejectionOf(
      s3.send(new ListObjectsV2Command({ Bucket: 'demo-uploads', Prefix: 'uploads/' })),
    );
    expect(list.name).toBe('AccessDenied');
  });

  it('keeps users isolated: bob cannot read alice’s object', async () => {
    const alice = s3Client(aws, await credentialsFor(aws, idp, 'alice'));
    const bob = s3Client(aws, await credentialsFor(aws, idp, 'bob'));
    await alice.send(
      new PutObjectCommand({ Bucket: 'demo-uploads', Key: 'uploads/alice/secret.txt', Body: 's' }),
    );
    const err = await rejectionOf(
      bob.send(new GetObjectCommand({ Bucket: 'demo-uploads', Key: 'uploads/alice/secret.txt' })),
    );
    expect(err.name).toBe('AccessDenied');
    const calls = aws.calls({ service: 's3' });
    expect(calls.map((c) => [c.subject, c.outcome])).toEqual([
      ['alice', 'success'],
      ['bob', 'AccessDenied'],
    ]);
    const issued = aws.calls({ action: 'AssumeRoleWithWebIdentity' });
    expect(calls[1]!.accessKeyId).toBe(issued.find((c) => c.subject === 'bob')!.issuedAccessKeyId);
  });

  it('does not let a * in a subject widen the policy', async () => {
    const s3 = s3Client(aws, await credentialsFor(aws, idp, 'a*'));
    const err = await rejectionOf(
      s3.send(new PutObjectCommand({ Bucket: 'demo-uploads', Key: 'uploads/alice/x', Body: 'x' })),
    );
    expect(err.name).toBe('AccessDenied');
  });

  it('intersects the role policy with a session policy', async () => {
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::demo-uploads/*' }],
    });
    const s3 = s3Client(aws, await credentialsFor(aws, idp, 'carol', { Policy: policy }));
    const err = await rejectionOf(
      s3.send(new PutObjectCommand({ Bucket: 'demo-uploads', Key: 'uploads/carol/x', Body: 'x' })),
    );
    expect(err.name).toBe('AccessDenied');
    expect(err.message).toMatch(/no session policy allows/);
  });

  it('resolves the aws:userid policy variable and honours explicit Deny', async () => {
    const out = await stsClient(aws).send(
      new AssumeRoleWithWebIdentityCommand({
        RoleArn: USERID_ROLE,
        RoleSessionName: 'dave',
        WebIdentityToken: await idp.issueIdToken({ sub: 'dave' }),
      }),
    );
    const userId = out.AssumedRoleUser!.AssumedRoleId!;
    const c = out.Credentials!;
    const byId = s3Client(aws, {
      accessKeyId: c.AccessKeyId!,
      secretAccessKey: c.SecretAccessKey!,
      sessionToken: c.SessionToken!,
    });
    await byId.send(new PutObjectCommand({ Bucket: 'demo-uploads', Key: `home/${userId}/x`, Body: 'x' }));
    const err = await rejectionOf(
      byId.send(new PutObjectCommand({ Bucket: 'demo-uploads', Key: 'home/someone/x', Body: 'x' })),
    );
    expect(err.name).toBe('AccessDenied');

    const denied = s3Client(aws, await credentialsFor(aws, idp, 'erin', { RoleArn: DENY_ROLE }));
    await denied.send(new PutObjectCommand({ Bucket: 'demo-uploads', Key: 'private/x', Body: 'x' }));
    const deny = await rejectionOf(
      denied.send(new GetObjectCommand({ Bucket: 'demo-uploads', Key: 'private/x' })),
    );
    expect(deny.message).toMatch(/explicit deny/);
  });

  it('answers NoSuchKey and NoSuchBucket as the SDK’s modeled errors', async () => {
    const s3 = s3Client(aws, await credentialsFor(aws, idp, 'alice'));
    expect(
      await rejectionOf(s3.send(new GetObjectCommand({ Bucket: 'demo-uploads', Key: 'uploads/alice/none' }))),
    ).toBeInstanceOf(NoSuchKey);
    expect(await rejectionOf(s3.send(new ListObjectsV2Command({ Bucket: 'no-such-bucket' })))).toBeInstanceOf(
      NoSuchBucket,
    );
  });

  it('pages ListObjectsV2 and groups common prefixes', async () => {
    const admin = s3Client(aws, aws.accessKeys[0]!);
    for (const key of ['p/a/1', 'p/a/2', 'p/b/1', 'p/c', 'p/d']) {
      await admin.send(new PutObjectCommand({ Bucket: 'other-bucket', Key: key, Body: key }));
    }
    const grouped = await admin.send(
      new ListObjectsV2Command({ Bucket: 'other-bucket', Prefix: 'p/', Delimiter: '/' }),
    );
    expect(grouped.CommonPrefixes!.map((p) => p.Prefix)).toEqual(['p/a/', 'p/b/']);
    expect(grouped.Contents!.map((o) => o.Key)).toEqual(['p/c', 'p/d']);
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await admin.send(
        new ListObjectsV2Command({
          Bucket: 'other-bucket',
          MaxKeys: 2,
          ...(token ? { ContinuationToken: token } : {}),
        }),
      );
      keys.push(...(page.Contents ?? []).map((o) => o.Key!));
      token = page.NextContinuationToken;
      expect(page.IsTruncated).toBe(token !== undefined);
    } while (token);
    expect(keys).toEqual(['p/a/1', 'p/a/2', 'p/b/1', 'p/c', 'p/d']);
  });

  describe('SigV4', () => {
    const signer = (credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }) =>
      new SignatureV4({
        service: 's3',
        region: aws.region,
        credentials,
        sha256: Sha256,
        uriEscapePath: false,
      });

    async function presignedGet(
      credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string },
      key: string,
      expiresIn = 60,
    ) {
      const url = new URL(`${aws.endpoint}/demo-uploads/${key}`);
      const signed = await signer(credentials).presign(
        {
          method: 'GET',
          protocol: 'http:',
          hostname: url.hostname,
          port: Number(url.port),
          path: url.pathname,
          headers: { host: url.host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
          query: {},
        },
        // As @aws-sdk/s3-request-presigner does: the payload is UNSIGNED-PAYLOAD, and that header is not signed.
        { expiresIn, unsignableHeaders: new Set(['x-amz-content-sha256']) },
      );
      const query = new URLSearchParams(signed.query as Record<string, string>).toString();
      return `${aws.endpoint}${signed.path}?${query}`;
    }

    it('accepts presigned URLs and refuses expired ones', async () => {
      const creds = await credentialsFor(aws, idp, 'alice');
      await s3Client(aws, creds).send(
        new PutObjectCommand({ Bucket: 'demo-uploads', Key: 'uploads/alice/p.txt', Body: 'presigned' }),
      );
      const ok = await fetch(await presignedGet(creds, 'uploads/alice/p.txt'));
      expect(ok.status).toBe(200);
      expect(await ok.text()).toBe('presigned');
      const url = await presignedGet(creds, 'uploads/alice/p.txt', 1);
      aws.faults.skewClock(5);
      const expired = await fetch(url);
      expect(expired.status).toBe(403);
      expect(await expired.text()).toContain('Request has expired');
    });

    it('rejects a wrong secret, an unknown key, a wrong token, expired credentials and a skewed clock', async () => {
      const creds = await credentialsFor(aws, idp, 'alice', { DurationSeconds: 900 });
      const cases: [Record<string, string>, string][] = [
        [{ ...creds, secretAccessKey: 'x'.repeat(40) }, 'SignatureDoesNotMatch'],
        [{ ...creds, accessKeyId: 'ASIAAAAAAAAAAAAAAAAA' }, 'InvalidAccessKeyId'],
        [{ ...creds, sessionToken: 'bogus' }, 'InvalidToken'],
      ];
      for (const [c, code] of cases) {
        const err = await rejectionOf(
          s3Client(aws, c as never).send(
            new GetObjectCommand({ Bucket: 'demo-uploads', Key: 'uploads/alice/p.txt' }),
          ),
        );
        expect(err.name).toBe(code);
      }
      aws.faults.skewClock(1000);
      const expired = await rejectionOf(
        s3Client(aws, creds).send(
          new ListObjectsV2Command({ Bucket: 'demo-uploads', Prefix: 'uploads/alice/' }),
        ),
      );
      expect(expired.name).toBe('RequestTimeTooSkewed');
      aws.faults.skewClock(0);
      const short = await startLocalAws({ idp, credentialLifetimeSeconds: 1 });
      try {
        const c = await credentialsFor(short, idp, 'alice');
        short.faults.skewClock(2);
        const err = await rejectionOf(
          s3Client(short, c).send(
            new ListObjectsV2Command({ Bucket: 'demo-uploads', Prefix: 'uploads/alice/' }),
          ),
        );
        expect(err.name).toBe('ExpiredToken');
      } finally {
        await short.close();
      }
    });

    it('refuses unsigned requests', async () => {
      const res = await fetch(`${aws.endpoint}/demo-uploads/uploads/alice/p.txt`);
      expect(res.status).toBe(403);
      expect(await res.text()).toContain('<Code>AccessDenied</Code>');
    });

    it('rejects a body that does not match x-amz-content-sha256', async () => {
      const creds = await credentialsFor(aws, idp, 'alice');
      const url = new URL(`${aws.endpoint}/demo-uploads/uploads/alice/h.txt`);
      const signed = await signer(creds).sign({
        method: 'PUT',
        protocol: 'http:',
        hostname: url.hostname,
        port: Number(url.port),
        path: url.pathname,
        headers: { host: url.host, 'x-amz-content-sha256': 'a'.repeat(64) },
        body: 'hello',
        query: {},
      });
      const res = await fetch(url, { method: 'PUT', headers: signed.headers, body: 'hello' });
      expect(res.status).toBe(400);
      expect(await res.text()).toContain('XAmzContentSHA256Mismatch');
    });
  });

  it('serves the S3 CORS headers browsers need', async () => {
    const res = await fetch(`${aws.endpoint}/demo-uploads/uploads/alice/x`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'PUT',
        'access-control-request-headers':
          'x-amz-content-sha256,x-amz-date,authorization,x-amz-security-token',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-methods')).toContain('PUT');
    expect(res.headers.get('access-control-allow-headers')).toContain('x-amz-security-token');
  });
});
