import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FaultDecision, Faults, LocalService } from '../faults.js';
import { BodyTooLargeError, readBody } from '../http-util.js';
import type { AlbSigner } from './alb.js';
import { handleCognito } from './cognito.js';
import {
  type CallRecord,
  type KitState,
  type RequestCtx,
  type ServiceResponse,
  sigv4Error,
} from './context.js';
import { type ControlDeps, controlAllowed, handleControl } from './control.js';
import { AwsError, type Protocol, renderError, statusError, throttlingError } from './errors.js';
import { handleExecuteApi } from './execute-api.js';
import { handleS3, type S3Store, s3Action } from './s3.js';
import { SigV4Failure } from './sigv4.js';
import { handleSts } from './sts.js';

/** Everything one request of the local AWS needs: the account's state and the server's settings. */
export interface RouterDeps {
  kit: KitState;
  s3: S3Store;
  alb: AlbSigner;
  faults: Faults;
  log: CallRecord[];
  control: ControlDeps;
  /** Headers a browser may read (`Access-Control-Expose-Headers`). */
  exposed: string[];
  /** Send a `Date` header (AWS's clock, skewed by the faults). */
  sendDate: boolean;
}

const BODY_LIMIT = 1024 * 1024;
/** calls() keeps the most recent records only, so a long-running demo does not grow without bound. */
const MAX_CALLS = 100_000;
const ALLOWED_HEADERS =
  'authorization, content-type, x-amz-date, x-amz-security-token, x-amz-target, x-amz-user-agent, x-amz-content-sha256, amz-sdk-invocation-id, amz-sdk-request';

type Service = CallRecord['service'];

/** Which service a request is for, and the wire protocol its errors are rendered in. */
function classify(req: IncomingMessage, rawPath: string, query: URLSearchParams): [Service, Protocol] {
  const target = String(req.headers['x-amz-target'] ?? '');
  if (rawPath.startsWith('/alb-keys/') || rawPath === '/alb-keys') return ['alb-keys', 'rest-json'];
  if (rawPath === '/execute-api' || rawPath.startsWith('/execute-api/')) return ['execute-api', 'rest-json'];
  if (target.startsWith('AWSCognitoIdentityService.')) return ['cognito-identity', 'json'];
  if (rawPath === '/' && (req.method === 'POST' || query.has('Action'))) return ['sts', 'query'];
  if (target) return ['unknown', 'json'];
  return ['s3', 's3'];
}

/** The action a call record names (STS POSTs are renamed once their form body is read). */
function actionOf(service: Service, req: IncomingMessage, rawPath: string, query: URLSearchParams): string {
  switch (service) {
    case 'cognito-identity':
      return String(req.headers['x-amz-target'] ?? '').slice('AWSCognitoIdentityService.'.length);
    case 's3':
      return s3Action(req.method ?? 'GET', rawPath, query);
    case 'sts':
      return query.get('Action') ?? 'Unknown';
    case 'execute-api':
      return `${req.method} ${rawPath}`;
    case 'alb-keys':
      return 'GetPublicKey';
    default:
      return 'Unknown';
  }
}

function faultError(service: string, fault: FaultDecision): AwsError {
  switch (fault.kind) {
    case 'throttle':
      return throttlingError(service);
    case 'fail':
      return statusError(service, fault.status);
    case 'error':
      return new AwsError(fault.code, fault.message, fault.status);
    default:
      return new AwsError('InternalFailure', 'injected', 500);
  }
}

async function readRequestBody(
  req: IncomingMessage,
  service: Service,
  maxObjectBytes: number,
): Promise<Buffer> {
  try {
    return await readBody(req, service === 's3' ? maxObjectBytes : BODY_LIMIT);
  } catch (err) {
    if (err instanceof BodyTooLargeError) {
      throw service === 's3'
        ? new AwsError('EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size', 400)
        : new AwsError('RequestEntityTooLarge', `Request body must be at most ${err.limit} bytes`, 413);
    }
    throw err;
  }
}

/** The service's answer to one request; `null` when a fault dropped the connection. */
async function answer(d: RouterDeps, ctx: RequestCtx, service: Service): Promise<ServiceResponse | null> {
  const { req, record, query } = ctx;
  ctx.body = await readRequestBody(req, service, d.kit.maxObjectBytes);
  let params = query;
  if (service === 'sts' && req.method === 'POST') {
    params = new URLSearchParams(ctx.body.toString('utf8'));
    for (const [k, v] of query) if (!params.has(k)) params.set(k, v);
    record.action = params.get('Action') ?? 'Unknown';
  }
  if (service !== 'alb-keys' && service !== 'unknown') {
    const fault = d.faults.take(service as LocalService, record.action);
    if (fault) {
      record.fault = fault.kind;
      if (d.faults.latencyMs) await sleep(d.faults.latencyMs);
      if (fault.kind === 'drop') {
        record.outcome = 'dropped';
        req.socket.resetAndDestroy();
        return null;
      }
      throw faultError(service, fault);
    }
  }
  ctx.now = d.faults.now();
  switch (service) {
    case 'sts':
      return handleSts(d.kit, ctx, params);
    case 'cognito-identity':
      return handleCognito(d.kit, ctx, record.action);
    case 's3':
      return handleS3(d.kit, d.s3, ctx);
    case 'execute-api':
      return handleExecuteApi(d.kit, ctx);
    case 'alb-keys':
      return d.alb.handle(ctx.rawPath, req.method ?? 'GET');
    default:
      throw new AwsError(
        'UnknownOperationException',
        `Unknown operation ${req.headers['x-amz-target']}`,
        400,
      );
  }
}

/** Any failure as AWS's own error shape for the request's protocol. */
function errorResponse(err: unknown, protocol: Protocol, ctx: RequestCtx): ServiceResponse {
  let error: AwsError;
  if (err instanceof AwsError) error = err;
  else if (err instanceof SigV4Failure) error = sigv4Error(err, protocol === 'json' ? 'query' : protocol);
  else
    error = new AwsError(
      protocol === 'json' ? 'InternalErrorException' : 'InternalFailure',
      'An internal error occurred.',
      500,
    );
  const rendered = renderError(error, protocol, ctx.requestId);
  ctx.record.outcome = error.code;
  return {
    status: error.status,
    headers: { 'Content-Type': rendered.type, ...rendered.headers },
    body: ctx.req.method === 'HEAD' ? '' : rendered.body,
  };
}

function preflight(req: IncomingMessage, res: ServerResponse, origin: string | undefined): void {
  res.statusCode = origin ? 204 : 200;
  res.setHeader('Access-Control-Allow-Methods', 'GET, PUT, POST, DELETE, HEAD, OPTIONS');
  res.setHeader(
    'Access-Control-Allow-Headers',
    req.headers['access-control-request-headers'] ?? ALLOWED_HEADERS,
  );
  res.setHeader('Access-Control-Max-Age', '600');
  res.setHeader('Content-Length', '0');
  res.end();
}

function record(d: RouterDeps, entry: CallRecord): void {
  d.log.push(entry);
  if (d.log.length > MAX_CALLS) d.log.splice(0, d.log.length - MAX_CALLS);
}

/** Answers one request of the local AWS: CORS, the control API, then the service, faults first. */
export async function handleRequest(d: RouterDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const requestId = randomUUID();
  res.sendDate = false;
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const rawPath = q < 0 ? url : url.slice(0, q);
  const rawQuery = q < 0 ? '' : url.slice(q + 1);
  const query = new URLSearchParams(rawQuery);
  const origin = req.headers.origin;
  const control = rawPath.startsWith('/__kit/');
  if (control && !controlAllowed(req.headers, d.kit.endpoint)) {
    // No CORS headers: the page learns nothing, and the request did nothing.
    const body = JSON.stringify({ message: 'the control API answers loopback pages and hosts only' });
    res.writeHead(403, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
    return;
  }
  if (origin) {
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Access-Control-Allow-Credentials', 'true');
    res.setHeader('Vary', 'Origin');
    res.setHeader('Access-Control-Expose-Headers', d.exposed.join(', '));
  }
  const sendCommon = () => {
    if (d.sendDate) res.setHeader('Date', d.faults.now().toUTCString());
    res.setHeader('x-amzn-RequestId', requestId);
    res.setHeader('x-amz-request-id', requestId);
  };
  if (req.method === 'OPTIONS' || control) {
    sendCommon();
    if (req.method === 'OPTIONS') preflight(req, res, origin);
    else await handleControl(req, res, rawPath, query, d.control);
    return;
  }
  const [service, protocol] = classify(req, rawPath, query);
  const entry: CallRecord = {
    requestId,
    time: new Date(),
    service,
    action: actionOf(service, req, rawPath, query),
    method: req.method ?? 'GET',
    path: rawPath,
    status: 0,
    outcome: 'pending',
  };
  record(d, entry);
  const ctx: RequestCtx = {
    req,
    requestId,
    now: d.faults.now(),
    rawPath,
    rawQuery,
    query,
    body: Buffer.alloc(0),
    record: entry,
  };
  let response: ServiceResponse;
  try {
    const answered = await answer(d, ctx, service);
    if (!answered) return;
    response = answered;
    entry.outcome = 'success';
  } catch (err) {
    response = errorResponse(err, protocol, ctx);
  }
  if (d.faults.latencyMs && !entry.fault) await sleep(d.faults.latencyMs);
  if (res.destroyed) return;
  sendCommon();
  entry.status = response.status;
  res.statusCode = response.status;
  for (const [k, v] of Object.entries(response.headers ?? {})) res.setHeader(k, v);
  const body = response.body ?? '';
  if (!res.hasHeader('Content-Length')) res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(req.method === 'HEAD' ? undefined : body);
}
