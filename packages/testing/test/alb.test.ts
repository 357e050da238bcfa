import { createPublicKey, verify } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalAws, type LocalIdp, startLocalAws, startLocalIdp } from '../src/index.js';

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

const decodeSegment = (s: string) =>
  JSON.parse(Buffer.from(s.replace(/=+$/, ''), 'base64url').toString('utf8'));

/** Verifies an x-amzn-oidc-data value the way AWS documents it: key by kid, ES256 over the first two segments. */
async function verifyAlb(value: string) {
  const [h, p, sig] = value.split('.') as [string, string, string];
  const header = decodeSegment(h);
  const res = await fetch(`${aws.albKeysUrl}/${encodeURIComponent(header.kid)}`);
  if (res.status !== 200) return { header, ok: false, status: res.status };
  const key = createPublicKey(await res.text());
  const ok = verify(
    'sha256',
    Buffer.from(`${h}.${p}`),
    { key, dsaEncoding: 'ieee-p1363' },
    Buffer.from(sig.replace(/=+$/, ''), 'base64url'),
  );
  return { header, payload: decodeSegment(p), ok, status: res.status };
}

describe('ALB support', () => {
  it('signs x-amzn-oidc-data as an ALB does, with its key at the ALB-style endpoint', async () => {
    const value = aws.signAlbOidcData({ sub: 'alice', email: 'alice@example.com' });
    const { header, payload, ok } = await verifyAlb(value);
    expect(ok).toBe(true);
    expect(header).toMatchObject({
      alg: 'ES256',
      signer: aws.albSignerArn,
      iss: idp.issuer,
      client: 'web-identity-demo',
    });
    expect(typeof header.kid).toBe('string');
    expect(header.exp).toBeGreaterThan(Date.now() / 1000);
    expect(payload).toMatchObject({ sub: 'alice', email: 'alice@example.com', iss: idp.issuer });
    expect(aws.albSignerArn).toMatch(
      /^arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer\/app\//,
    );
  });

  it('pads segments like an ALB by default, and can leave padding out', async () => {
    const padded = aws.signAlbOidcData({ sub: 'ab' });
    for (const segment of padded.split('.')) expect(segment.length % 4).toBe(0);
    expect(padded.split('.')[2]).toMatch(/=$/);
    const bare = aws.signAlbOidcData({ sub: 'ab' }, { padding: false });
    expect(bare).not.toContain('=');
    expect((await verifyAlb(bare)).ok).toBe(true);
  });

  it('serves the public key as PEM and 404s unknown kids', async () => {
    const { header } = await verifyAlb(aws.signAlbOidcData({ sub: 'a' }));
    const pem = await (await fetch(`${aws.albKeysUrl}/${header.kid}`)).text();
    expect(pem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    const unknown = await verifyAlb(aws.signAlbOidcData({ sub: 'a' }, { kid: 'not-a-key' }));
    expect(unknown.status).toBe(404);
  });

  it('can mint headers that must fail: foreign key, expired, another signer', async () => {
    expect((await verifyAlb(aws.signAlbOidcData({ sub: 'a' }, { foreignKey: true }))).ok).toBe(false);
    const expired = await verifyAlb(aws.signAlbOidcData({ sub: 'a' }, { expiresIn: -60 }));
    expect(expired.header.exp).toBeLessThan(Date.now() / 1000);
    const other = await verifyAlb(
      aws.signAlbOidcData(
        { sub: 'a' },
        { signer: 'arn:aws:elasticloadbalancing:eu-west-1:999999999999:loadbalancer/app/x/y' },
      ),
    );
    expect(other.header.signer).toContain('999999999999');
  });
});
