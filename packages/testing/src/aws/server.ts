import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { generateKeyPair } from 'jose';
import { Faults } from '../faults.js';
import { closeServer, hostFor, listen } from '../http-util.js';
import type { LocalIdp } from '../idp.js';
import { AlbSigner, type AlbSignOptions } from './alb.js';
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
import type { CallRecord, KitState } from './context.js';
import { type PolicyDocument, validatePolicy } from './policy.js';
import { handleRequest, type RouterDeps } from './router.js';
import { S3Store } from './s3.js';
import { CredentialStore } from './state.js';
import { WebIdentityVerifier } from './tokens.js';

/** Options of `startLocalAws`. */
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
  idp?: {
    /** The IdP's issuer URL. */
    issuer: string;
    /** Mints ID tokens for the control API's `/__kit/id-tokens`. */
    issueIdToken?: LocalIdp['issueIdToken'];
  };
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

/** A running local AWS; see `startLocalAws`. */
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
  /** Empties the call log. */
  clearCalls(): void;
  /**
   * Mints an `x-amzn-oidc-data` header value as an ALB would (ES256, key at `<albKeysUrl>/<kid>`).
   *
   * @example
   * await fetch(appUrl, { headers: { 'x-amzn-oidc-data': aws.signAlbOidcData({ sub: 'alice' }) } });
   */
  signAlbOidcData(claims: Record<string, unknown>, options?: AlbSignOptions): string;
  /** Stops the server. */
  close(): Promise<void>;
}

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
  const calls = (filter: CallFilter = {}) =>
    log
      .filter(
        (c) =>
          (!filter.service || c.service === filter.service) && (!filter.action || c.action === filter.action),
      )
      .map((c) => ({ ...c }));
  const clearCalls = () => {
    log.length = 0;
  };
  const deps: RouterDeps = {
    kit,
    s3,
    alb,
    faults,
    log,
    exposed,
    sendDate: options.sendDateHeader !== false,
    control: {
      kit,
      calls,
      clearCalls,
      ...(options.idp?.issueIdToken ? { mint: options.idp.issueIdToken } : {}),
    },
  };

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    handleRequest(deps, req, res).catch(() => {
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
    calls,
    clearCalls,
    signAlbOidcData: (claims, opts) =>
      alb.sign(claims, { ...(issuerUrls[0] ? { iss: issuerUrls[0] } : {}), ...opts }),
    close: () => closeServer(server),
  };
}
