import type { AwsCall, CredentialsSource, ExchangeResult, IdTokenClaims } from '@web-identity/core';
import {
  CredentialsError,
  callAws,
  checkDurationSeconds,
  checkRoleArn,
  mapAwsSdkError,
  sanitizeSessionName,
  sdkSender,
} from '@web-identity/core';
import { STS } from '@web-identity/core/internal';
import { callerIdentity } from '../auth/callerIdentity.js';
import type { BrokerExchangeContext, VerifiedIdentity } from '../types.js';

/** The server's own long-term or role credentials, or a provider of them (default: the SDK's chain). */
export type ServerCredentials =
  | { accessKeyId: string; secretAccessKey: string; sessionToken?: string }
  | (() => Promise<{
      accessKeyId: string;
      secretAccessKey: string;
      sessionToken?: string;
      expiration?: Date;
    }>);

/** Options of the `assumeRole` source (the server's own credentials assume a role per user). */
export interface AssumeRoleOptions {
  /** The role the server assumes on the user's behalf (it must trust the server's principal). */
  roleArn: string;
  /** A per-user session policy (object or JSON string), e.g. S3 only under `uploads/<sub>/`. Max 2,048 chars packed. */
  sessionPolicy?: (identity: VerifiedIdentity) => object | string | undefined;
  /** Session tags, e.g. `{ sub: identity.subject }` (usable as `${aws:PrincipalTag/sub}`). */
  tags?: (identity: VerifiedIdentity) => Record<string, string> | undefined;
  /** `SourceIdentity` recorded in CloudTrail; sanitised to `[\w+=,.@-]{2,64}`. */
  sourceIdentity?: (identity: VerifiedIdentity) => string | undefined;
  /** Default: the subject, sanitised. */
  roleSessionName?: (identity: VerifiedIdentity) => string;
  /** 900..43200. Default 3600. */
  durationSeconds?: number;
  /** The server's credentials. Default: the AWS SDK's default provider chain. */
  credentials?: ServerCredentials;
  /** STS endpoint override (local kit, FIPS, regional). */
  endpoint?: string;
  /** STS region; default the broker's region. */
  region?: string;
  /** SDK attempts per call (default 2): the broker answers 503 + Retry-After instead of retrying long. */
  maxAttempts?: number;
  /**
   * What else separates two users' credentials in the broker's cache. The session policy, tags, session name
   * and source identity computed for the caller are part of the key already (`scopeFor`), so a claim change
   * that changes them gets new credentials on the next request; return here the claims that change the
   * credentials in any other way.
   */
  cacheKey?: (identity: VerifiedIdentity) => unknown;
}

/** What `assumeRole()` returns: a source that also names its role, its scope and, optionally, its cache-key claims. */
export interface AssumeRoleSource extends CredentialsSource {
  readonly roleArn: string;
  /** Which keys this source can mint for a token: role ARN, duration, STS region and endpoint (core's `scope`). */
  readonly scope: string;
  /**
   * The session asked of STS for `identity` — session policy, tags, source identity, session name — and the
   * `cacheKey` claims: part of the broker's cache key, so brokers on one role with different policies or tags
   * never share an entry.
   */
  readonly scopeFor: (identity: VerifiedIdentity) => unknown;
  /** Extra claims that separate two users' credentials in the cache (the `cacheKey` option). */
  readonly cacheKey?: (identity: VerifiedIdentity) => unknown;
}

/** The identity a bare exchange context names (a call outside a broker): its verified claims. */
function fromClaims(claims: IdTokenClaims): VerifiedIdentity {
  if (typeof claims.sub !== 'string' || claims.sub === '') {
    throw new CredentialsError('InvalidIdentityToken', 'The verified identity has no subject.');
  }
  return { subject: claims.sub, issuer: typeof claims.iss === 'string' ? claims.iss : '', claims };
}

/** What `AssumeRole` is asked for one caller besides the role: the same input for the cache key and for STS. */
interface SessionInput {
  RoleSessionName: string;
  Policy?: string;
  Tags?: { Key: string; Value: string }[];
  SourceIdentity?: string;
}

/** The per-caller part of `AssumeRole`, from the options' functions of the identity. */
function sessionOf(options: AssumeRoleOptions): (identity: VerifiedIdentity) => SessionInput {
  return (identity) => {
    if (identity.subject === '') {
      throw new CredentialsError('InvalidIdentityToken', 'The verified identity has no subject.');
    }
    const policy = options.sessionPolicy?.(identity);
    const tags = options.tags?.(identity);
    const sourceIdentity = options.sourceIdentity?.(identity);
    return {
      RoleSessionName: sanitizeSessionName(options.roleSessionName?.(identity) ?? identity.subject),
      ...(policy !== undefined
        ? { Policy: typeof policy === 'string' ? policy : JSON.stringify(policy) }
        : {}),
      ...(tags ? { Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) } : {}),
      ...(sourceIdentity ? { SourceIdentity: sanitizeSessionName(sourceIdentity) } : {}),
    };
  };
}

/** What `AssumeRole` is asked: the role and duration, and the caller's session. */
type AssumeRoleInput = SessionInput & { RoleArn: string; DurationSeconds: number };

/** STS `AssumeRole` as an `AwsCall`, signed with the server's credentials (sent through core's SDK layer). */
const ASSUME_ROLE: AwsCall<AssumeRoleInput, ExchangeResult> = {
  service: STS,
  action: 'AssumeRole',
  signed: true,
  params: (input) => ({ ...input }),
  result(a) {
    const text = (name: string) => {
      const v = a.field(name);
      return typeof v === 'string' && v !== '' ? v : undefined;
    };
    const expiration = a.field('Expiration');
    const [accessKeyId, secretAccessKey, sessionToken] = [
      text('AccessKeyId'),
      text('SecretAccessKey'),
      text('SessionToken'),
    ];
    if (!accessKeyId || !secretAccessKey || !sessionToken || !(expiration instanceof Date)) {
      throw new CredentialsError('ServerError', 'STS answered AssumeRole without credentials.');
    }
    const arn = text('Arn');
    return {
      accessKeyId,
      secretAccessKey,
      sessionToken,
      expiration,
      ...(a.date ? { serverDate: a.date } : {}),
      ...(arn ? { identity: { assumedRoleArn: arn } } : {}),
    };
  },
};

/**
 * Maps an AWS SDK error from `AssumeRole` to a `CredentialsError` without copying its message (it may echo
 * input). A thin alias of core's `mapAwsSdkError` (the one mapper), for a call signed with the server's
 * credentials.
 *
 * @example
 * try { await sts.send(cmd); } catch (err) { throw mapStsError(err); } // code: 'Throttled', 'AccessDenied', …
 */
export function mapStsError(err: unknown): CredentialsError {
  return mapAwsSdkError('STS', err, { quoteMessage: false, signedCall: true });
}

/**
 * A source for servers: `AssumeRole` with the server's own AWS credentials and a per-user session policy.
 * Use it when the caller's token is not something STS accepts (an ALB header, an access token), or to scope
 * one role down per user.
 *
 * @example
 * assumeRole({
 *   roleArn: 'arn:aws:iam::123456789012:role/PhotoUploader',
 *   sessionPolicy: (id) => ({
 *     Version: '2012-10-17',
 *     Statement: [{ Effect: 'Allow', Action: ['s3:PutObject', 's3:GetObject'],
 *       Resource: `arn:aws:s3:::demo-uploads/uploads/${id.subject}/*` }],
 *   }),
 *   tags: (id) => ({ sub: id.subject }),
 * });
 */
export function assumeRole(options: AssumeRoleOptions): AssumeRoleSource {
  checkRoleArn(options?.roleArn, 'assumeRole');
  checkDurationSeconds(options.durationSeconds, 'assumeRole');
  const durationSeconds = options.durationSeconds ?? 3600;
  const session = sessionOf(options);
  // Core's shared SDK layer, signing with the server's credentials: one STS client per region, its timeout,
  // one retry of a reset connection, AWS's errors mapped as a signed call's.
  const sts = sdkSender({
    clientConfig: {
      maxAttempts: options.maxAttempts ?? 2,
      ...(options.credentials ? { credentials: options.credentials } : {}),
    },
  });

  return {
    kind: 'assumeRole',
    // The token never reaches AWS: the session is built from the claims, so they must be verified first.
    forwardsToken: false,
    roleArn: options.roleArn,
    scope: JSON.stringify([
      'assumeRole',
      options.roleArn,
      durationSeconds,
      options.region ?? null,
      options.endpoint ?? null,
    ]),
    scopeFor: (identity) => {
      const caller = callerIdentity(identity);
      return [session(caller), options.cacheKey?.(caller) ?? null];
    },
    ...(options.cacheKey ? { cacheKey: options.cacheKey } : {}),
    async exchange(_token, ctx): Promise<ExchangeResult> {
      // The broker's identity (the one the cache key names, with the audience its verifier matched); built
      // from the claims only when called outside a broker. Either way through `callerIdentity`, as the key is.
      const identity = callerIdentity((ctx as BrokerExchangeContext).identity ?? fromClaims(ctx.claims));
      const r = await callAws(
        sts,
        ASSUME_ROLE,
        { RoleArn: options.roleArn, DurationSeconds: durationSeconds, ...session(identity) },
        { region: options.region ?? ctx.region, endpoint: options.endpoint, signal: ctx.signal },
      );
      return {
        ...r,
        identity: { subject: identity.subject, provider: identity.issuer, ...r.identity },
      };
    },
  };
}

/**
 * @deprecated Renamed `assumeRole` (a source is named after the STS call it makes, like `webIdentity`), so it is
 * not mistaken for `createCredentialsBroker`. Same function; this alias goes in 1.0.
 */
export const broker = assumeRole;
/** @deprecated Renamed `AssumeRoleOptions`. */
export type BrokerSourceOptions = AssumeRoleOptions;
/** @deprecated Renamed `AssumeRoleSource`. */
export type BrokerSource = AssumeRoleSource;
