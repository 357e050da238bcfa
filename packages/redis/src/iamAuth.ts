import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { CredentialsError, WebCryptoSha256 } from '@web-identity/core';

/** A token is valid this long after it is signed (ElastiCache and MemoryDB: 15 minutes). */
export const IAM_TOKEN_TTL_MS = 15 * 60_000;
/** ElastiCache and MemoryDB close an IAM-authenticated connection 12 hours after its last AUTH. */
export const IAM_CONNECTION_LIMIT_MS = 12 * 3_600_000;

/** Options of `elastiCacheIamAuth` / `elastiCacheIamToken`. */
export interface IamAuthOptions {
  /** The replication group id or serverless cache name (ElastiCache), or the cluster name (MemoryDB). Lower case. */
  cacheName: string;
  /** The IAM-enabled user: its user id on ElastiCache (also the AUTH user name), its name on MemoryDB. */
  userId: string;
  /** The cache's region, e.g. `eu-west-1`. */
  region: string;
  /** The fleet's own AWS credentials: a provider (e.g. the SDK's `fromNodeProviderChain()`) or an object. */
  credentials: AwsCredentialIdentityProvider | AwsCredentialIdentity;
  /** `true` for an ElastiCache serverless cache (adds `ResourceType=ServerlessCache`). Default `false`. */
  serverless?: boolean;
  /** `elasticache` (default) or `memorydb`. */
  service?: 'elasticache' | 'memorydb';
  /** How often a new token is signed and live connections re-authenticate; under 15 min. Default 10 min. */
  renewMs?: number;
  /** After a failed renewal, the next try. Default 30 s. */
  retryMs?: number;
}

/** The next instants of an IAM token's life: pure, so the schedule is tested with a table. */
export interface IamTokenPlan {
  /** When the token stops being accepted for a new AUTH. */
  expiresAt: number;
  /** When to sign the next one and re-authenticate every live connection. */
  renewAt: number;
}

/**
 * When a token signed at `signedAt` expires and when to renew it: `renewMs` after signing (10 min by default),
 * always before the 15-minute expiry. Each renewal re-authenticates live connections, so none reaches the
 * 12-hour limit; after a failed renewal (`failedAt`) the next try comes `retryMs` later while the token lasts.
 *
 * @example
 * iamTokenPlan(Date.parse('2026-01-01T00:00:00Z')).renewAt; // 00:10:00
 */
export function iamTokenPlan(
  signedAt: number,
  opts: { renewMs?: number; retryMs?: number; failedAt?: number } = {},
): IamTokenPlan {
  const expiresAt = signedAt + IAM_TOKEN_TTL_MS;
  const renewMs = opts.renewMs ?? 10 * 60_000;
  if (!(renewMs > 0 && renewMs < IAM_TOKEN_TTL_MS))
    throw new CredentialsError('Configuration', 'elastiCacheIamAuth: renewMs must be under 15 minutes.');
  const renewAt = opts.failedAt === undefined ? signedAt + renewMs : opts.failedAt + (opts.retryMs ?? 30_000);
  return { expiresAt, renewAt };
}

const uriEncode = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * The IAM authentication token for one ElastiCache (or MemoryDB) user: a SigV4-presigned
 * `GET http://<cacheName>/?Action=connect&User=<userId>` for the `elasticache` (or `memorydb`) service, valid
 * 15 minutes, without its `http://` — what AWS documents as the AUTH password. Signed with core's
 * SHA-256 (`WebCryptoSha256`) and the SDK's SigV4 signer, like every request core signs.
 *
 * @example
 * const password = await elastiCacheIamToken({ cacheName: 'fleet-cache', userId: 'web-identity', region, credentials });
 */
export async function elastiCacheIamToken(options: IamAuthOptions, now = new Date()): Promise<string> {
  const { cacheName, userId, region, credentials } = options ?? ({} as IamAuthOptions);
  if (!cacheName || !userId || !region || !credentials)
    throw new CredentialsError(
      'Configuration',
      'elastiCacheIamAuth: cacheName, userId, region and credentials are required.',
    );
  const service = options.service ?? 'elasticache';
  const host = cacheName.toLowerCase();
  const query: Record<string, string> = { Action: 'connect', User: userId };
  if (options.serverless) query.ResourceType = 'ServerlessCache';
  const signer = new SignatureV4({ credentials, region, service, sha256: WebCryptoSha256 });
  const signed = await signer.presign(
    { method: 'GET', protocol: 'http:', hostname: host, path: '/', query, headers: { host } },
    { expiresIn: IAM_TOKEN_TTL_MS / 1000, signingDate: now },
  );
  const pairs = Object.entries(signed.query ?? {}).flatMap(([k, v]) =>
    (Array.isArray(v) ? v : [v]).map((x) => `${uriEncode(k)}=${uriEncode(String(x ?? ''))}`),
  );
  return `${host}/?${pairs.join('&')}`;
}

/** node-redis' streaming credentials provider (`createClient({ credentialsProvider })`), structurally. */
export interface StreamingCredentialsProviderLike {
  /** node-redis' tag for a provider that pushes new credentials. */
  readonly type: 'streaming-credentials-provider';
  /** Called by node-redis per connection: the current credentials, then each renewal through `onNext`. */
  subscribe(listener: {
    onNext(credentials: { username: string; password: string }): void;
    onError(error: Error): void;
  }): Promise<
    [
      { username: string; password: string },
      {
        /** Stops pushing renewals to this connection. */
        dispose(): void;
      },
    ]
  >;
  /** Called by node-redis when a connection's re-authentication failed: goes to `onError`. */
  onReAuthenticationError(error: Error): void;
}

/** What `elastiCacheIamAuth` returns. */
export interface IamAuth {
  /** A token signed less than `renewMs` ago (signs one when there is none or it is due). */
  token(): Promise<string>;
  /** For node-redis (client or `createCluster({ defaults: { credentialsProvider } })`): re-authenticates every connection at each renewal. */
  readonly credentialsProvider: StreamingCredentialsProviderLike;
  /** For ioredis / iovalkey: re-authenticates `client` (every node of a Cluster) at each renewal, and reconnects with the newest token; returns its stopper. */
  keepAuthenticated(client: IoRedisAuthLike): () => void;
  /** Stops renewing. */
  close(): void;
}

/** The little of ioredis / iovalkey that re-authentication needs. */
export interface IoRedisAuthLike {
  /** Sends `AUTH <user> <token>`. */
  call(command: string, ...args: string[]): Promise<unknown>;
  options: { username?: string; password?: string; redisOptions?: { username?: string; password?: string } };
  /** A Cluster's node connections. */
  nodes?(role?: 'all'): IoRedisAuthLike[];
  isCluster?: boolean;
}

/** Points a client's reconnects at the newest token (ioredis reads these on every connect). */
function setPassword(client: IoRedisAuthLike, userId: string, token: string): void {
  if (client.isCluster) client.options.redisOptions ??= {};
  const target = client.isCluster ? client.options.redisOptions! : client.options;
  target.username = userId;
  target.password = token;
}

/**
 * ElastiCache (serverless or cluster) and MemoryDB IAM authentication for the store's Redis client, with the
 * fleet's own AWS credentials: signs a token (see `elastiCacheIamToken`), signs a new one every `renewMs`
 * (10 min; tokens last 15) and re-authenticates every live connection with it (`AUTH <user> <token>`), so no
 * connection reaches the 12-hour limit and no request is dropped for a reconnect. Renewal runs while a client
 * is attached; a failed one is retried every `retryMs` while the current token lasts, and reported to `onError`.
 *
 * @example
 * const iam = elastiCacheIamAuth({ cacheName: 'fleet-cache', userId: 'web-identity', region, credentials: fromNodeProviderChain() });
 * const redis = await createCluster({ rootNodes: [{ url: 'rediss://clustercfg.fleet-cache.xxxxxx.euw1.cache.amazonaws.com:6379' }], defaults: { credentialsProvider: iam.credentialsProvider } }).connect();
 */
export function elastiCacheIamAuth(options: IamAuthOptions & { onError?: (err: unknown) => void }): IamAuth {
  const { renewMs, retryMs } = options ?? ({} as IamAuthOptions);
  const plan = (signedAt: number, failedAt?: number) =>
    iamTokenPlan(signedAt, {
      ...(renewMs ? { renewMs } : {}),
      ...(retryMs ? { retryMs } : {}),
      ...(failedAt === undefined ? {} : { failedAt }),
    });
  plan(0); // a wrong renewMs fails here, at start
  let current: { token: string; signedAt: number } | undefined;
  let signing: Promise<string> | undefined;
  let timer: NodeJS.Timeout | undefined;
  const listeners = new Set<(token: string) => void>();
  const report = (err: unknown) => options.onError?.(err);

  function sign(): Promise<string> {
    signing ??= (async () => {
      const signedAt = Date.now();
      const token = await elastiCacheIamToken(options, new Date(signedAt));
      current = { token, signedAt };
      return token;
    })().finally(() => {
      signing = undefined;
    });
    return signing;
  }
  function schedule(at: number): void {
    clearTimeout(timer);
    if (listeners.size === 0) return;
    timer = setTimeout(renew, Math.max(0, at - Date.now()));
    timer.unref?.();
  }
  async function renew(): Promise<void> {
    try {
      const token = await sign();
      for (const listener of listeners) listener(token);
      schedule(plan(current!.signedAt).renewAt);
    } catch (err) {
      report(err);
      schedule(plan(current?.signedAt ?? Date.now(), Date.now()).renewAt);
    }
  }
  function watch(listener: (token: string) => void): () => void {
    listeners.add(listener);
    if (listeners.size === 1) schedule(current ? plan(current.signedAt).renewAt : Date.now());
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0) clearTimeout(timer);
    };
  }
  const token = async () => (current && Date.now() < plan(current.signedAt).renewAt ? current.token : sign());

  return {
    token,
    credentialsProvider: {
      type: 'streaming-credentials-provider',
      async subscribe(listener) {
        const password = await token();
        const stop = watch((t) => listener.onNext({ username: options.userId, password: t }));
        return [{ username: options.userId, password }, { dispose: stop }];
      },
      onReAuthenticationError: report,
    },
    keepAuthenticated(client) {
      return watch((t) => {
        setPassword(client, options.userId, t);
        const connections = client.isCluster ? (client.nodes?.('all') ?? []) : [client];
        void Promise.all(connections.map((c) => c.call('AUTH', options.userId, t))).catch(report);
      });
    },
    close() {
      listeners.clear();
      clearTimeout(timer);
    },
  };
}
