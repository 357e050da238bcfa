import { STSClient } from '@aws-sdk/client-sts';
import type { LocalAws } from '../src/index.js';

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
