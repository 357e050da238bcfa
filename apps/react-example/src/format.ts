/** `ASIAXXXXXXXXXXXXWXYZ` → `ASIA…WXYZ`: enough to tell keys apart, never the whole id. */
export function maskAccessKeyId(accessKeyId: string | undefined): string {
  if (!accessKeyId) return '';
  return `${accessKeyId.slice(0, 4)}…${accessKeyId.slice(-4)}`;
}

/**
 * One line a person can read, starting with the error code: `AccessDenied: Access Denied`.
 * S3 errors carry the code in `name` (or `Code`), our CredentialsError in `code`.
 */
export function describeError(error: unknown): string {
  if (error == null) return '';
  if (typeof error !== 'object') return String(error);
  const e = error as { code?: unknown; Code?: unknown; name?: unknown; message?: unknown };
  const code = [e.code, e.Code, e.name].find((c) => typeof c === 'string' && c !== 'Error');
  const message = typeof e.message === 'string' && e.message ? e.message : 'something went wrong';
  return code ? `${code}: ${message}` : message;
}
