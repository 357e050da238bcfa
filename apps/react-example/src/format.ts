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
