import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { generateKeyPair } from 'jose';
import { type FaultDecision, Faults, type LocalService } from '../faults.js';
import { BodyTooLargeError, closeServer, hostFor, listen, readBody } from '../http-util.js';
import type { LocalIdp } from '../idp.js';
import { AlbSigner, type AlbSignOptions } from './alb.js';
import { handleCognito } from './cognito.js';
import {
  type AccessKeyConfig,
  type BucketConfig,
  DEFAULT_ACCESS_KEY,
  DEFAULT_ACCOUNT_ID,
  DEFAULT_BUCKET,
  DEFAULT_REGION,
  defaultIdentityPools,
  defaultRoles,
  type IdentityPoolConfig,
  type IssuerConfig,
  type RoleConfig,
} from './config.js';
import {
  type CallRecord,
  type KitState,
  type RequestCtx,
  type ServiceResponse,
  sigv4Error,
} from './context.js';
import { type ControlDeps, handleControl } from './control.js';
import { AwsError, type Protocol, renderError, statusError, throttlingError } from './errors.js';
import { handleExecuteApi } from './execute-api.js';
import { type PolicyDocument, validatePolicy } from './policy.js';
import { handleS3, S3Store, s3Action } from './s3.js';
import { SigV4Failure } from './sigv4.js';
import { CredentialStore } from './state.js';
import { handleSts } from './sts.js';
import { WebIdentityVerifier } from './tokens.js';

export interface LocalAwsOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Host to bind; default `127.0.0.1`. */
  host?: string;
  /** Default `eu-west-1`. */
  region?: string;
  /** Default `123456789012`. */
  accountId?: string;
  /**
   * A local IdP (or anything with an `issuer`) to register as the OIDC provider. With `issueIdToken`
   * (a {@link LocalIdp}), the control API can mint tokens for other processes (`POST /__kit/id-tokens`).
   */
  idp?: { issuer: string; issueIdToken?: LocalIdp['issueIdToken'] };
  /** OIDC providers registered in the account (issuer URLs, or with a client id list). */
  issuers?: (string | IssuerConfig)[];
  /** Roles; default {@link defaultRoles} for the registered issuers. */
  roles?: RoleConfig[];
  /** Identity pools; default one pool (`DEFAULT_IDENTITY_POOL_ID`) with the registered issuers. */
  identityPools?: IdentityPoolConfig[];
  /** Buckets of the S3 subset; default `demo-uploads`. */
  buckets?: (string | BucketConfig)[];
  /** Long-term keys for AssumeRole etc.; default AWS's documentation example pair (`AKIAIOSFODNN7EXAMPLE`). */
  accessKeys?: AccessKeyConfig[];
  /** Managed policies that `PolicyArns` may reference. */
  managedPolicies?: Record<string, PolicyDocument>;
  /**
   * Lifetime of every issued credential, in seconds, overriding DurationSeconds (e.g. 20 for refresh
   * tests). Off by default: AWS's 900 s minimum applies.
   */
  credentialLifetimeSeconds?: number;
  /** List `Date` in `Access-Control-Expose-Headers` (default true); false hides it from browsers. */
  exposeDateHeader?: boolean;
  /** Send a `Date` header at all (default true). */
  sendDateHeader?: boolean;
  /** Max S3 object size in bytes (default 16 MiB). Other request bodies are limited to 1 MiB. */
  maxObjectBytes?: number;
  /** ALB signer ARN used by {@link LocalAws.signAlbOidcData}. */
  albSignerArn?: string;
}

/** Options for `calls()`. */
export interface CallFilter {
  service?: CallRecord['service'];
  action?: string;
}

export interface LocalAws {
  /** `http://127.0.0.1:<port>`: STS, Cognito Identity, S3 (path-style), execute-api, ALB keys. */
  readonly endpoint: string;
  readonly region: string;
  readonly accountId: string;
  readonly faults: Faults;
  readonly roles: readonly RoleConfig[];
  readonly identityPools: readonly IdentityPoolConfig[];
  readonly buckets: readonly string[];
  /** Long-term keys accepted for AssumeRole, GetCallerIdentity, S3 and execute-api. */
  readonly accessKeys: readonly AccessKeyConfig[];
  /** Base URL of the execute-api echo endpoint (`<endpoint>/execute-api`). */
  readonly executeApiUrl: string;
  /** Base URL of the ALB public keys (`<endpoint>/alb-keys`; a key is at `<albKeysUrl>/<kid>`). */
  readonly albKeysUrl: string;
  /** The ARN signAlbOidcData puts in the `signer` header field. */
  readonly albSignerArn: string;
  /** Every request answered (or dropped) so far, oldest first. Never contains secrets. */
  calls(filter?: CallFilter): CallRecord[];
  clearCalls(): void;
  /**
   * Mints an `x-amzn-oidc-data` header value as an ALB would (ES256, key at `<albKeysUrl>/<kid>`).
   *
   * @example
   * await fetch(appUrl, { headers: { 'x-amzn-oidc-data': aws.signAlbOidcData({ sub: 'alice' }) } });
   */
  signAlbOidcData(claims: Record<string, unknown>, options?: AlbSignOptions): string;
  close(): Promise<void>;
}

const BODY_LIMIT = 1024 * 1024;
/** calls() keeps the most recent records only, so a long-running demo does not grow without bound. */
const MAX_CALLS = 100_000;

const normalizeIssuers = (options: LocalAwsOptions): IssuerConfig[] => {
  const list = [...(options.idp ? [options.idp.issuer] : []), ...(options.issuers ?? [])];
  return list.map((i) => (typeof i === 'string' ? { url: i } : i));
};

/**
 * Starts a local AWS on one port: STS (AssumeRoleWithWebIdentity, AssumeRole, GetCallerIdentity), Cognito
 * Identity (GetId, GetCredentialsForIdentity, GetOpenIdToken), an S3 subset (path-style), an execute-api
 * echo endpoint and ALB public keys. Tokens are verified against the issuers' JWKS, SigV4 is verified,
 * policies are enforced, and faults can be injected.
 *
 * @example
 * const idp = await startLocalIdp();
 * const aws = await startLocalAws({ idp });
 * const sts = new STSClient({ region: aws.region, endpoint: aws.endpoint });
 * await sts.send(new AssumeRoleWithWebIdentityCommand({
 *   RoleArn: DEFAULT_ROLE_ARN, RoleSessionName: 'alice', WebIdentityToken: await idp.issueIdToken({ sub: 'alice' }),
 * }));
 * aws.calls({ action: 'AssumeRoleWithWebIdentity' }).length; // 1
 */
export async function startLocalAws(options: LocalAwsOptions = {}): Promise<LocalAws> {
  const region = options.region ?? DEFAULT_REGION;
  const account = options.accountId ?? DEFAULT_ACCOUNT_ID;
  const host = options.host ?? '127.0.0.1';
  const issuers = normalizeIssuers(options);
  const issuerUrls = issuers.map((i) => i.url);
  const bucketNames = (options.buckets ?? [DEFAULT_BUCKET]).map((b) => (typeof b === 'string' ? b : b.name));
  const roles =
    options.roles ??
    defaultRoles(issuerUrls, { account, ...(bucketNames[0] ? { bucket: bucketNames[0] } : {}) });
  for (const role of roles) validatePolicy(role.trustPolicy);
  const pools = options.identityPools ?? defaultIdentityPools(issuerUrls);
  const accessKeys = options.accessKeys ?? [DEFAULT_ACCESS_KEY];
  const faults = new Faults();
  let cognitoKeys: ReturnType<typeof generateKeyPair> | undefined;
  const lazyCognitoKeys = () => {
    cognitoKeys ??= generateKeyPair('RS256');
    return cognitoKeys;
  };
  const log: CallRecord[] = [];
  const s3 = new S3Store(bucketNames);
  const alb = await AlbSigner.create(
    options.albSignerArn ??
      `arn:aws:elasticloadbalancing:${region}:${account}:loadbalancer/app/local-alb/50dc6c495c0c9188`,
  );

  const server = createServer();
  const port = await listen(server, options.port ?? 0, host);
  const endpoint = `http://${hostFor(host)}:${port}`;
  const kit: KitState = {
    region,
    account,
    endpoint,
    roles: new Map(roles.map((r) => [r.arn, r])),
    pools: new Map(pools.map((p) => [p.id, p])),
    managedPolicies: new Map(Object.entries(options.managedPolicies ?? {})),
    store: new CredentialStore(accessKeys, account),
    verifier: new WebIdentityVerifier(
      issuers,
      async () => (await lazyCognitoKeys()).publicKey,
      () => faults.isIdpDown,
    ),
    faults,
    cognitoKey: { keys: lazyCognitoKeys, kid: 'local-cognito-1' },
    ...(options.credentialLifetimeSeconds !== undefined
      ? { credentialLifetimeSeconds: options.credentialLifetimeSeconds }
      : {}),
    maxObjectBytes: options.maxObjectBytes ?? 16 * 1024 * 1024,
  };
  const exposed = [
    'x-amzn-RequestId',
    'x-amz-request-id',
    'x-amz-id-2',
    'ETag',
    'x-amzn-ErrorType',
    'Content-Length',
  ];
  if (options.exposeDateHeader !== false) exposed.unshift('Date');
  const sendDate = options.sendDateHeader !== false;

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) {
        res.statusCode = 500;
        res.end();
      } else res.destroy();
    });
  });
  server.on('clientError', (_err, socket) => {
    if (socket.writable)
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    res.sendDate = false;
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const rawPath = q < 0 ? url : url.slice(0, q);
    const rawQuery = q < 0 ? '' : url.slice(q + 1);
    const query = new URLSearchParams(rawQuery);
    const origin = req.headers.origin;
    if (origin) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Allow-Credentials', 'true');
      res.setHeader('Vary', 'Origin');
      res.setHeader('Access-Control-Expose-Headers', exposed.join(', '));
    }
    const sendCommon = () => {
      if (sendDate) res.setHeader('Date', faults.now().toUTCString());
      res.setHeader('x-amzn-RequestId', requestId);
      res.setHeader('x-amz-request-id', requestId);
    };
    if (req.method === 'OPTIONS') {
      sendCommon();
      res.statusCode = origin ? 204 : 200;
      res.setHeader('Access-Control-Allow-Methods', 'GET, PUT, POST, DELETE, HEAD, OPTIONS');
      res.setHeader(
        'Access-Control-Allow-Headers',
        req.headers['access-control-request-headers'] ??
          'authorization, content-type, x-amz-date, x-amz-security-token, x-amz-target, x-amz-user-agent, x-amz-content-sha256, amz-sdk-invocation-id, amz-sdk-request',
      );
      res.setHeader('Access-Control-Max-Age', '600');
      res.setHeader('Content-Length', '0');
      res.end();
      return;
    }
    if (rawPath.startsWith('/__kit/')) {
      sendCommon();
      await handleControl(req, res, rawPath, query, controlDeps);
      return;
    }
    const target = String(req.headers['x-amz-target'] ?? '');
    let service: CallRecord['service'];
    let protocol: Protocol;
    if (rawPath.startsWith('/alb-keys/') || rawPath === '/alb-keys') {
      service = 'alb-keys';
      protocol = 'rest-json';
    } else if (rawPath === '/execute-api' || rawPath.startsWith('/execute-api/')) {
      service = 'execute-api';
      protocol = 'rest-json';
    } else if (target.startsWith('AWSCognitoIdentityService.')) {
      service = 'cognito-identity';
      protocol = 'json';
    } else if (rawPath === '/' && (req.method === 'POST' || query.has('Action'))) {
      service = 'sts';
      protocol = 'query';
    } else if (target) {
      service = 'unknown';
      protocol = 'json';
    } else {
      service = 's3';
      protocol = 's3';
    }
    const record: CallRecord = {
      requestId,
      time: new Date(),
      service,
      action:
        service === 'cognito-identity'
          ? target.slice('AWSCognitoIdentityService.'.length)
          : service === 's3'
            ? s3Action(req.method ?? 'GET', rawPath, query)
            : service === 'sts'
              ? (query.get('Action') ?? 'Unknown')
              : service === 'execute-api'
                ? `${req.method} ${rawPath}`
                : service === 'alb-keys'
                  ? 'GetPublicKey'
                  : 'Unknown',
      method: req.method ?? 'GET',
      path: rawPath,
      status: 0,
      outcome: 'pending',
    };
    log.push(record);
    if (log.length > MAX_CALLS) log.splice(0, log.length - MAX_CALLS);
    const ctx: RequestCtx = {
      req,
      requestId,
      now: faults.now(),
      rawPath,
      rawQuery,
      query,
      body: Buffer.alloc(0),
      record,
    };
    let response: ServiceResponse;
    try {
      try {
        ctx.body = await readBody(req, service === 's3' ? kit.maxObjectBytes : BODY_LIMIT);
      } catch (err) {
        if (err instanceof BodyTooLargeError) {
          throw service === 's3'
            ? new AwsError('EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size', 400)
            : new AwsError('RequestEntityTooLarge', `Request body must be at most ${err.limit} bytes`, 413);
        }
        throw err;
      }
      let params = query;
      if (service === 'sts' && req.method === 'POST') {
        params = new URLSearchParams(ctx.body.toString('utf8'));
        for (const [k, v] of query) if (!params.has(k)) params.set(k, v);
        record.action = params.get('Action') ?? 'Unknown';
      }
      if (service !== 'alb-keys' && service !== 'unknown') {
        const fault = faults.take(service as LocalService, record.action);
        if (fault) {
          record.fault = fault.kind;
          if (faults.latencyMs) await sleep(faults.latencyMs);
          if (fault.kind === 'drop') {
            record.outcome = 'dropped';
            req.socket.resetAndDestroy();
            return;
          }
          throw faultError(service, fault);
        }
      }
      ctx.now = faults.now();
      switch (service) {
        case 'sts':
          response = await handleSts(kit, ctx, params);
          break;
        case 'cognito-identity':
          response = await handleCognito(kit, ctx, record.action);
          break;
        case 's3':
          response = await handleS3(kit, s3, ctx);
          break;
        case 'execute-api':
          response = handleExecuteApi(kit, ctx);
          break;
        case 'alb-keys':
          response = alb.handle(rawPath, req.method ?? 'GET');
          break;
        default:
          throw new AwsError('UnknownOperationException', `Unknown operation ${target}`, 400);
      }
      record.outcome = 'success';
    } catch (err) {
      let error: AwsError;
      if (err instanceof AwsError) error = err;
      else if (err instanceof SigV4Failure) error = sigv4Error(err, protocol === 'json' ? 'query' : protocol);
      else
        error = new AwsError(
          protocol === 'json' ? 'InternalErrorException' : 'InternalFailure',
          'An internal error occurred.',
          500,
        );
      const rendered = renderError(error, protocol, requestId);
      record.outcome = error.code;
      response = {
        status: error.status,
        headers: { 'Content-Type': rendered.type, ...rendered.headers },
        body: req.method === 'HEAD' ? '' : rendered.body,
      };
    }
    if (faults.latencyMs && !record.fault) await sleep(faults.latencyMs);
    if (res.destroyed) return;
    sendCommon();
    record.status = response.status;
    res.statusCode = response.status;
    for (const [k, v] of Object.entries(response.headers ?? {})) res.setHeader(k, v);
    const body = response.body ?? '';
    if (!res.hasHeader('Content-Length')) res.setHeader('Content-Length', Buffer.byteLength(body));
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  const calls = (filter: CallFilter = {}) =>
    log
      .filter(
        (c) =>
          (!filter.service || c.service === filter.service) && (!filter.action || c.action === filter.action),
      )
      .map((c) => ({ ...c }));

  const controlDeps: ControlDeps = {
    kit,
    calls,
    clearCalls: () => {
      log.length = 0;
    },
    ...(options.idp?.issueIdToken ? { mint: options.idp.issueIdToken } : {}),
  };

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

  return {
    endpoint,
    region,
    accountId: account,
    faults,
    roles,
    identityPools: pools,
    buckets: bucketNames,
    accessKeys,
    executeApiUrl: `${endpoint}/execute-api`,
    albKeysUrl: `${endpoint}/alb-keys`,
    albSignerArn: alb.signerArn,
    calls: (filter = {}) =>
      log
        .filter(
          (c) =>
            (!filter.service || c.service === filter.service) &&
            (!filter.action || c.action === filter.action),
        )
        .map((c) => ({ ...c })),
    clearCalls: () => {
      log.length = 0;
    },
    signAlbOidcData: (claims, opts) =>
      alb.sign(claims, { ...(issuerUrls[0] ? { iss: issuerUrls[0] } : {}), ...opts }),
    close: () => closeServer(server),
  };
}
