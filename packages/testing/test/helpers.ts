import { S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleWithWebIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { DEFAULT_ROLE_ARN, type LocalAws, type LocalIdp } from '../src/index.js';

/** An STS client pointed at the kit; no retries so every error surfaces once. */
export function stsClient(
  aws: LocalAws,
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string },
) {
  return new STSClient({
    region: aws.region,
    endpoint: aws.endpoint,
    maxAttempts: 1,
    ...(credentials ? { credentials } : {}),
  });
}

/** Resolves with the rejection of `p` (fails the test if it resolves). */
export async function rejectionOf(p: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await p;
  } catch (err) {
    return err as Error & Record<string, unknown>;
  }
  throw new Error('expected the promise to reject');
}

/** POSTs a raw Query-protocol body to the kit. */
export async function postQuery(aws: LocalAws, body: string | Buffer, headers: Record<string, string> = {}) {
  const res = await fetch(aws.endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: typeof body === 'string' ? body : new Uint8Array(body),
  });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

/** Exchanges an ID token for `sub` for role credentials, as an SDK credentials object. */
export async function credentialsFor(
  aws: LocalAws,
  idp: LocalIdp,
  sub: string,
  extra: { RoleArn?: string; Policy?: string; DurationSeconds?: number } = {},
) {
  const out = await stsClient(aws).send(
    new AssumeRoleWithWebIdentityCommand({
      RoleArn: extra.RoleArn ?? DEFAULT_ROLE_ARN,
      RoleSessionName: sub.replace(/[^\w+=,.@-]/g, '_'),
      WebIdentityToken: await idp.issueIdToken({ sub }),
      ...(extra.Policy ? { Policy: extra.Policy } : {}),
      ...(extra.DurationSeconds ? { DurationSeconds: extra.DurationSeconds } : {}),
    }),
  );
  const c = out.Credentials!;
  return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
}

/** An S3 client for the kit (path-style), no retries. */
export function s3Client(
  aws: LocalAws,
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string },
) {
  return new S3Client({
    region: aws.region,
    endpoint: aws.endpoint,
    forcePathStyle: true,
    maxAttempts: 1,
    credentials,
  });
}
