import { readFileSync } from 'node:fs';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleWithWebIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import {
  type LocalAws,
  type LocalIdp,
  type PolicyDocument,
  startLocalAws,
  startLocalIdp,
} from '@web-identity/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROVIDERS } from './providers.ts';

// Each recipe's trust policy, exactly as the page shows it (the page includes the same file), installed
// as a role's trust policy in the local AWS; the provider's real issuer URL is registered there with the
// local IdP's keys, so tokens shaped like that provider's are verified as STS would verify them.
const policy = (id: string, file: string): PolicyDocument =>
  JSON.parse(readFileSync(new URL(`./${id}/${file}`, import.meta.url), 'utf8')) as PolicyDocument;
const roleArn = (id: string) => `arn:aws:iam::123456789012:role/cookbook-${id}`;

let idp: LocalIdp;
let aws: LocalAws;

beforeAll(async () => {
  idp = await startLocalIdp();
  aws = await startLocalAws({
    issuers: PROVIDERS.map((p) => ({ url: p.issuer, jwksUri: idp.jwksUri })),
    buckets: ['photos'],
    roles: PROVIDERS.map((p) => ({
      arn: roleArn(p.id),
      trustPolicy: policy(p.id, 'trust-policy.json'),
      permissions: [policy(p.id, 'permissions-policy.json')],
    })),
  });
});
afterAll(async () => {
  await aws?.close();
  await idp?.close();
});

const sts = () => new STSClient({ region: aws.region, endpoint: aws.endpoint, maxAttempts: 1 });
const outcome = (p: Promise<unknown>) =>
  p.then(
    () => 'accepted',
    (err: Error) => err.name,
  );

for (const p of PROVIDERS) {
  describe(`${p.title}: trust-policy.json and permissions-policy.json`, () => {
    const token = (extra: Record<string, unknown> = {}) =>
      idp.issueIdToken({ iss: p.issuer, aud: p.audience, sub: p.sub, ...p.claims, ...extra });
    const assume = async (extra?: Record<string, unknown>) =>
      sts().send(
        new AssumeRoleWithWebIdentityCommand({
          RoleArn: roleArn(p.id),
          RoleSessionName: 'cookbook',
          WebIdentityToken: await token(extra),
        }),
      );

    it('its page shows exactly these files (included, not copied)', () => {
      const page = readFileSync(new URL(`./${p.id}/index.md`, import.meta.url), 'utf8');
      expect(page).toContain('<<< ./trust-policy.json');
      expect(page).toContain('<<< ./permissions-policy.json');
      expect(page).toContain(p.issuer.replace(/^https:\/\//, '').replace(/\/$/, ''));
    });

    it('STS accepts an ID token of this provider for the documented audience', async () => {
      const out = await assume();
      expect(out.Credentials?.AccessKeyId).toMatch(/^ASIA/);
      expect(out.SubjectFromWebIdentityToken).toBe(p.sub);
    });

    it('STS refuses the same provider’s token for another audience', async () => {
      expect(await outcome(assume(p.wrongAudience))).toBe('AccessDenied');
    });

    it('STS refuses a token whose issuer differs by a trailing slash', async () => {
      const iss = p.issuer.endsWith('/') ? p.issuer.slice(0, -1) : `${p.issuer}/`;
      expect(await outcome(assume({ iss }))).toBe('InvalidIdentityTokenException');
    });

    it('the permissions policy lets the user write under uploads/<sub>/ and nowhere else', async () => {
      const { Credentials: c } = await assume();
      const s3 = new S3Client({
        region: aws.region,
        endpoint: aws.endpoint,
        forcePathStyle: true,
        maxAttempts: 1,
        credentials: {
          accessKeyId: c!.AccessKeyId!,
          secretAccessKey: c!.SecretAccessKey!,
          sessionToken: c!.SessionToken!,
        },
      });
      const put = (Key: string) => s3.send(new PutObjectCommand({ Bucket: 'photos', Key, Body: 'x' }));
      expect(await outcome(put(`uploads/${p.sub}/cat.jpg`))).toBe('accepted');
      expect(await outcome(put('uploads/someone-else/cat.jpg'))).toBe('AccessDenied');
    });
  });
}
