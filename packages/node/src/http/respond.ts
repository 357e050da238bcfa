import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../log.js';
import { loggedPath } from '../telemetry/logger.js';
import { type HttpProblem, toHttpProblem } from './problems.js';

/** Writes a problem+json answer on a Node response (Express, Connect, plain `http`). */
export function sendProblem(res: ServerResponse, problem: HttpProblem): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(problem.status, problem.headers);
  res.end(JSON.stringify(problem.body));
}

/** Maps, logs (redacted) and answers. */
export function rejectRequest(
  err: unknown,
  req: Pick<IncomingMessage, 'method' | 'url'>,
  log: Logger,
  realm: string | undefined,
): HttpProblem {
  const problem = toHttpProblem(err, realm === undefined ? {} : { realm });
  log({
    level: problem.status >= 500 ? 'error' : 'info',
    event: problem.status === 429 ? 'request.rate_limited' : 'request.rejected',
    status: problem.status,
    code: problem.body.code,
    message: `${String(req.method ?? '').slice(0, 16)} ${loggedPath(req.url)}: ${problem.body.detail}`,
  });
  return problem;
}
