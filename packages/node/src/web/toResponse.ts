import { toHttpProblem } from '../http/problems.js';

/**
 * The HTTP answer to a failed credentials look-up as a fetch `Response`: 401 with an RFC 6750
 * `WWW-Authenticate` challenge, 400 `invalid_request`, 403, 503 with `Retry-After`, each with an
 * `application/problem+json` body (the same answer the Express middleware sends). Messages of unknown errors are
 * not echoed.
 *
 * @example
 * try {
 *   const aws = await broker.credentialsFor(request);
 * } catch (err) {
 *   return toResponse(err);
 * }
 */
export function toResponse(error: unknown, opts: { realm?: string } = {}): Response {
  const problem = toHttpProblem(error, opts);
  return new Response(JSON.stringify(problem.body), { status: problem.status, headers: problem.headers });
}
