import type { CacheEntry } from '@web-identity/node';

/**
 * A cache entry as the JSON that is sealed into Redis (never stored in clear). Decoding checks the shape: a
 * value that decrypts but is not an entry is a miss, not an exception.
 *
 * @example
 * decodeEntry(encodeEntry(entry)); // an equal entry
 */
export function encodeEntry(entry: CacheEntry): string {
  const { accessKeyId, secretAccessKey, sessionToken, expiresAt, obtainedAt, identity } = entry;
  return JSON.stringify({ accessKeyId, secretAccessKey, sessionToken, expiresAt, obtainedAt, identity });
}

const isString = (v: unknown): v is string => typeof v === 'string';
const optionalString = (v: unknown) => v === undefined || typeof v === 'string';

export function decodeEntry(json: string): CacheEntry | undefined {
  let v: Partial<CacheEntry>;
  try {
    v = JSON.parse(json);
  } catch {
    return undefined;
  }
  const id = v?.identity;
  if (
    !v ||
    !isString(v.accessKeyId) ||
    !isString(v.secretAccessKey) ||
    !isString(v.sessionToken) ||
    !Number.isFinite(v.expiresAt) ||
    !Number.isFinite(v.obtainedAt) ||
    !id ||
    !isString(id.subject) ||
    !isString(id.provider) ||
    !optionalString(id.audience) ||
    !optionalString(id.assumedRoleArn) ||
    !optionalString(id.identityId)
  ) {
    return undefined;
  }
  return {
    accessKeyId: v.accessKeyId,
    secretAccessKey: v.secretAccessKey,
    sessionToken: v.sessionToken,
    expiresAt: v.expiresAt as number,
    obtainedAt: v.obtainedAt as number,
    identity: {
      subject: id.subject,
      provider: id.provider,
      ...(id.audience !== undefined ? { audience: id.audience } : {}),
      ...(id.assumedRoleArn !== undefined ? { assumedRoleArn: id.assumedRoleArn } : {}),
      ...(id.identityId !== undefined ? { identityId: id.identityId } : {}),
    },
  };
}
