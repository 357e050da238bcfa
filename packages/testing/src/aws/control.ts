import type { IncomingMessage, ServerResponse } from 'node:http';
import { isLoopbackHost, isLoopbackOrigin, readBody } from '../http-util.js';
import type { IdTokenClaims, LocalIdp } from '../idp.js';
import type { CallRecord, KitState } from './context.js';
import { explainWebIdentity } from './explain.js';
import type { CallFilter } from './server.js';

/** Control requests are small: a token is at most 20,000 characters. */
const BODY_LIMIT = 64 * 1024;

export interface ControlDeps {
  kit: KitState;
  calls(filter: CallFilter): CallRecord[];
  clearCalls(): void;
  /** The local IdP's minting, when the local AWS was started with one (`startLocalKit` does). */
  mint?: LocalIdp['issueIdToken'];
}

/**
 * Whether a browser page may use the control API: it mints ID tokens and injects faults, so only loopback
 * pages (`http(s)://localhost|127.0.0.1|[::1]:*`, or the kit's own origin) and only requests addressed to a
 * loopback host (or the kit's own host, against DNS rebinding: a rebound name arrives as its `Host`) may.
 * A request without `Origin` (a process, curl, the SDK) is judged by its `Host` alone.
 *
 * @example
 * controlAllowed({ host: '127.0.0.1:4566', origin: 'http://localhost:5173' }, kit.endpoint); // true
 */
export function controlAllowed(
  headers: { host?: string | undefined; origin?: string | undefined },
  endpoint: string,
): boolean {
  const own = new URL(endpoint);
  const hostOk = isLoopbackHost(headers.host) || headers.host === own.host;
  const originOk =
    headers.origin === undefined || isLoopbackOrigin(headers.origin) || headers.origin === own.origin;
  return hostOk && originOk;
}

/**
 * The control API (`/__kit/…`), so another process (an e2e harness, the demo, the playground in a browser)
 * can read calls, inject faults, list roles, ask the local STS to explain a decision and mint ID tokens.
 * Only the local kit has it.
 */
export async function handleControl(
  req: IncomingMessage,
  res: ServerResponse,
  rawPath: string,
  query: URLSearchParams,
  deps: ControlDeps,
): Promise<void> {
  const { kit } = deps;
  const json = (status: number, value: unknown) => {
    const body = value === undefined ? '' : JSON.stringify(value);
    res.statusCode = status;
    if (body) res.setHeader('Content-Type', 'application/json');
    res.setHeader('Content-Length', Buffer.byteLength(body));
    res.end(body);
  };
  try {
    if (rawPath === '/__kit/calls' && req.method === 'GET') {
      const filter: CallFilter = {};
      const service = query.get('service');
      const action = query.get('action');
      if (service) filter.service = service as CallRecord['service'];
      if (action) filter.action = action;
      return json(200, deps.calls(filter));
    }
    if (rawPath === '/__kit/calls' && req.method === 'DELETE') {
      deps.clearCalls();
      return json(204, undefined);
    }
    if (rawPath === '/__kit/faults' && req.method === 'POST') {
      const { fault, args = [] } = JSON.parse((await readBody(req, BODY_LIMIT)).toString('utf8')) as {
        fault: string;
        args?: unknown[];
      };
      const allowed = [
        'throttle',
        'fail',
        'error',
        'drop',
        'latency',
        'skewClock',
        'idpDown',
        'idpUp',
        'shortCredentials',
        'reset',
      ];
      if (!allowed.includes(fault))
        return json(400, { message: `unknown fault ${fault}; one of ${allowed.join(', ')}` });
      (kit.faults[fault as 'throttle'] as (...a: unknown[]) => unknown).apply(kit.faults, args);
      return json(204, undefined);
    }
    if (rawPath === '/__kit/roles' && req.method === 'GET') return json(200, [...kit.roles.values()]);
    if (rawPath === '/__kit/explain' && req.method === 'POST') {
      const { roleArn, token } = JSON.parse((await readBody(req, BODY_LIMIT)).toString('utf8')) as {
        roleArn?: unknown;
        token?: unknown;
      };
      if (typeof roleArn !== 'string' || typeof token !== 'string')
        return json(400, { message: 'POST /__kit/explain {"roleArn": "arn:…", "token": "<ID token>"}' });
      return json(200, await explainWebIdentity(kit, roleArn, token));
    }
    if (rawPath === '/__kit/id-tokens' && req.method === 'POST') {
      const mint = deps.mint;
      if (!mint)
        return json(404, { message: 'this local AWS was started without a local IdP to mint tokens' });
      const claims = JSON.parse((await readBody(req, BODY_LIMIT)).toString('utf8')) as IdTokenClaims;
      if (!claims || typeof claims !== 'object' || Array.isArray(claims))
        return json(400, { message: 'POST /__kit/id-tokens {"sub", "aud"?, "expiresIn"?, "iss"?}' });
      return json(200, { id_token: await mint(claims) });
    }
    return json(404, {
      message:
        'GET|DELETE /__kit/calls, POST /__kit/faults {"fault","args"}, GET /__kit/roles, POST /__kit/explain {"roleArn","token"}, POST /__kit/id-tokens {claims}',
    });
  } catch (err) {
    return json(400, { message: (err as Error).message });
  }
}
