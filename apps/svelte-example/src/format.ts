import { maskAccessKeyId } from '@web-identity/svelte';

/** `ASIAEXAMPLEKEYWXYZ` → `ASIA…WXYZ` (empty when there is no key): enough to tell keys apart, useless to an attacker. */
export function maskKey(accessKeyId: string | undefined): string {
  return accessKeyId ? maskAccessKeyId(accessKeyId) : '';
}

const S3_PLAIN_WORDS: Record<string, string> = {
  AccessDenied: 'the bucket policy does not let you do this (you may only use your own folder)',
  NoSuchBucket: 'the bucket does not exist',
  InvalidAccessKeyId: 'S3 does not recognise these credentials',
  ExpiredToken: 'the credentials have expired',
  SignatureDoesNotMatch: 'the request signature was refused',
};

/** Any error from an S3 call (an S3 error, or the provider's own CredentialsError) as `Code: plain words`. */
export function describeS3Error(e: unknown): string {
  const err = e as { code?: unknown; name?: unknown; message?: unknown };
  const code =
    typeof err.code === 'string'
      ? err.code
      : typeof err.name === 'string' && err.name !== 'Error'
        ? err.name
        : 'Error';
  const message = typeof err.message === 'string' ? err.message : String(e);
  const plain = S3_PLAIN_WORDS[code];
  return plain ? `${code}: ${plain}. S3 said: ${message}` : `${code}: ${message}`;
}
