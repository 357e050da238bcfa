import type { IncomingMessage } from 'node:http';
import type { CryptoKey } from 'jose';
import type { Faults, LocalService } from '../faults.js';
import type { IdentityPoolConfig, RoleConfig } from './config.js';
import { AwsError } from './errors.js';
import type { PolicyContext, PolicyDocument } from './policy.js';
import {
  type ParsedSignature,
  parseAmzDate,
  parseSignature,
  SigV4Failure,
  type SigV4FailureKind,
  sha256Hex,
  signatureMatches,
} from './sigv4.js';
import {
  type CredentialStore,
  entityId,
  type IssuedSession,
  newAccessKeyId,
  newSecret,
  newSessionToken,
  type Principal,
  roleName,
} from './state.js';
import type { WebIdentityVerifier } from './tokens.js';

/** One request the local AWS answered (or dropped), as returned by `calls()`. */
export interface CallRecord {
  /** The request id sent back in `x-amzn-RequestId`. */
  requestId: string;
  /** When the request arrived (real clock). */
  time: Date;
  service: LocalService | 'alb-keys' | 'unknown';
  /** The API action, e.g. `AssumeRoleWithWebIdentity`, `PutObject`. */
  action: string;
  method: string;
  path: string;
  /** HTTP status sent; 0 when the connection was dropped. */
  status: number;
  /** `'success'` or the AWS error code. */
  outcome: string;
  /** The fault injected, if any. */
  fault?: string;
  /** The user behind the call: the token's `sub` for exchanges, the session's subject for signed calls. */
  subject?: string;
  /** The role involved (assumed, or the caller's). */
  roleArn?: string;
  /** The access key id that signed the request. */
  accessKeyId?: string;
  /** The access key id of the credentials this call issued (never the secret or session token). */
  issuedAccessKeyId?: string;
  /** The Cognito identity id, for Cognito calls (the one answered for, when a guest was merged). */
  identityId?: string;
  /** Cognito calls: the provider names of the `Logins` sent (never the tokens); `[]` when none were sent. */
  logins?: string[];
  /**
   * Cognito calls that named an unauthenticated identity together with logins: `linked` (the logins now belong
   * to that identity, same id) or `merged` (a login already belonged to another identity: the guest is disabled
   * and the call answered for that one).
   */
  linked?: 'linked' | 'merged';
  /** The S3 object key or bucket, for S3 calls. */
  resource?: string;
}

/** Per-request state shared by the service handlers. */
export interface RequestCtx {
  req: IncomingMessage;
  requestId: string;
  now: Date;
  rawPath: string;
  rawQuery: string;
  query: URLSearchParams;
  body: Buffer;
  record: CallRecord;
}

export interface ServiceResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

/** @internal Shared state of one local AWS. */
export interface KitState {
  region: string;
  account: string;
  endpoint: string;
  roles: Map<string, RoleConfig>;
  pools: Map<string, IdentityPoolConfig>;
  managedPolicies: Map<string, PolicyDocument>;
  store: CredentialStore;
  verifier: WebIdentityVerifier;
  faults: Faults;
  /** Cognito's token signing key pair, generated on first use (RSA key generation is slow). */
  cognitoKey: { keys: () => Promise<{ privateKey: CryptoKey; publicKey: CryptoKey }>; kid: string };
  credentialLifetimeSeconds?: number;
  maxObjectBytes: number;
}

export interface SessionRequest {
  role: RoleConfig;
  sessionName: string;
  durationSeconds: number;
  subject?: string;
  issuer?: string;
  context: PolicyContext;
  sessionPolicies: PolicyDocument[] | null;
  chained?: boolean;
}

/** Issues temporary credentials for a role. Lifetime: short-lifetime fault/option, else the duration. */
export function issueSession(kit: KitState, now: Date, r: SessionRequest): IssuedSession {
  const lifetime = kit.faults.credentialLifetimeSeconds ?? kit.credentialLifetimeSeconds ?? r.durationSeconds;
  const roleId = entityId('AROA', r.role.arn);
  const name = roleName(r.role.arn);
  const arn = `arn:aws:sts::${kit.account}:assumed-role/${name}/${r.sessionName}`;
  const userId = `${roleId}:${r.sessionName}`;
  const session: IssuedSession = {
    kind: 'session',
    accessKeyId: newAccessKeyId(),
    secretAccessKey: newSecret(),
    sessionToken: newSessionToken(),
    // AWS reports Expiration with second precision.
    expiration: new Date(Math.floor(now.getTime() / 1000) * 1000 + lifetime * 1000),
    roleArn: r.role.arn,
    roleId,
    sessionName: r.sessionName,
    arn,
    userId,
    ...(r.subject !== undefined ? { subject: r.subject } : {}),
    ...(r.issuer !== undefined ? { issuer: r.issuer } : {}),
    permissions: r.role.permissions ?? [],
    sessionPolicies: r.sessionPolicies,
    context: {
      ...r.context,
      'aws:userid': userId,
      'aws:PrincipalArn': r.role.arn,
      'aws:PrincipalAccount': kit.account,
      'aws:principaltype': 'AssumedRole',
    },
    chained: r.chained ?? false,
  };
  kit.store.add(session);
  return session;
}

/** Error codes per protocol for SigV4 failures. */
const SIGV4_CODES: Record<'query' | 's3' | 'rest-json', Record<SigV4FailureKind, [string, number]>> = {
  query: {
    missing: ['MissingAuthenticationToken', 403],
    malformed: ['IncompleteSignature', 400],
    'unknown-key': ['InvalidClientTokenId', 403],
    'bad-token': ['InvalidClientTokenId', 403],
    'bad-signature': ['SignatureDoesNotMatch', 403],
    'expired-credentials': ['ExpiredToken', 403],
    skewed: ['SignatureDoesNotMatch', 403],
    'presign-expired': ['SignatureDoesNotMatch', 403],
    'wrong-region': ['SignatureDoesNotMatch', 403],
    'wrong-service': ['SignatureDoesNotMatch', 403],
    'content-sha-mismatch': ['SignatureDoesNotMatch', 403],
  },
  s3: {
    missing: ['AccessDenied', 403],
    malformed: ['AuthorizationHeaderMalformed', 400],
    'unknown-key': ['InvalidAccessKeyId', 403],
    'bad-token': ['InvalidToken', 400],
    'bad-signature': ['SignatureDoesNotMatch', 403],
    'expired-credentials': ['ExpiredToken', 400],
    skewed: ['RequestTimeTooSkewed', 403],
    'presign-expired': ['AccessDenied', 403],
    'wrong-region': ['AuthorizationHeaderMalformed', 400],
    'wrong-service': ['AuthorizationHeaderMalformed', 400],
    'content-sha-mismatch': ['XAmzContentSHA256Mismatch', 400],
  },
  'rest-json': {
    missing: ['MissingAuthenticationTokenException', 403],
    malformed: ['IncompleteSignatureException', 403],
    'unknown-key': ['UnrecognizedClientException', 403],
    'bad-token': ['UnrecognizedClientException', 403],
    'bad-signature': ['InvalidSignatureException', 403],
    'expired-credentials': ['ExpiredTokenException', 403],
    skewed: ['InvalidSignatureException', 403],
    'presign-expired': ['InvalidSignatureException', 403],
    'wrong-region': ['InvalidSignatureException', 403],
    'wrong-service': ['InvalidSignatureException', 403],
    'content-sha-mismatch': ['InvalidSignatureException', 403],
  },
};

const MESSAGES: Partial<Record<SigV4FailureKind, string>> = {
  'unknown-key': 'The security token included in the request is invalid.',
  'bad-token': 'The security token included in the request is invalid.',
  'bad-signature':
    'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
  'expired-credentials': 'The security token included in the request is expired',
};

const S3_MESSAGES: Partial<Record<SigV4FailureKind, string>> = {
  missing: 'Access Denied',
  'unknown-key': 'The AWS Access Key Id you provided does not exist in our records.',
  'bad-token': 'The provided token is malformed or otherwise invalid.',
  'expired-credentials': 'The provided token has expired.',
  skewed: 'The difference between the request time and the current time is too large.',
  'presign-expired': 'Request has expired',
};

export function sigv4Error(failure: SigV4Failure, protocol: 'query' | 's3' | 'rest-json'): AwsError {
  const [code, status] = SIGV4_CODES[protocol][failure.kind];
  const message =
    (protocol === 's3' ? S3_MESSAGES[failure.kind] : undefined) ?? MESSAGES[failure.kind] ?? failure.message;
  return new AwsError(
    code,
    failure.kind === 'missing' && protocol === 'rest-json' ? 'Missing Authentication Token' : message,
    status,
  );
}

/**
 * Authenticates a SigV4-signed request against the kit's keys and sessions. Throws SigV4Failure.
 * `payloadHash` is the hash the client claims (x-amz-content-sha256) or the body's.
 */
export function authenticate(
  kit: KitState,
  ctx: RequestCtx,
  service: LocalService,
  payloadHash?: string,
): { principal: Principal; signature: ParsedSignature } {
  const sig = parseSignature(ctx.req, ctx.query);
  if (!sig) throw new SigV4Failure('missing', 'Request is missing Authentication Token');
  ctx.record.accessKeyId = sig.accessKeyId;
  if (sig.service !== service) {
    throw new SigV4Failure('wrong-service', `Credential should be scoped to correct service: '${service}'.`);
  }
  if (sig.region !== kit.region) {
    throw new SigV4Failure(
      'wrong-region',
      `The authorization header is malformed; the region '${sig.region}' is wrong; expecting '${kit.region}'`,
    );
  }
  const signedAt = parseAmzDate(sig.amzDate);
  if (!signedAt || !sig.amzDate.startsWith(sig.scopeDate)) {
    throw new SigV4Failure(
      'malformed',
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${sig.scopeDate}' != '${sig.amzDate.slice(0, 8)}'`,
    );
  }
  if (!sig.signedHeaders.includes('host')) {
    throw new SigV4Failure('malformed', "Signed headers must include 'host'.");
  }
  const principal = kit.store.find(sig.accessKeyId);
  if (!principal)
    throw new SigV4Failure('unknown-key', 'The security token included in the request is invalid.');
  if (principal.kind === 'session') {
    if (sig.securityToken !== principal.sessionToken) {
      throw new SigV4Failure('bad-token', 'The security token included in the request is invalid.');
    }
  } else if (sig.securityToken !== undefined) {
    throw new SigV4Failure('bad-token', 'The security token included in the request is invalid.');
  }
  const hash = sig.presigned ? 'UNSIGNED-PAYLOAD' : (payloadHash ?? sha256Hex(ctx.body));
  if (!signatureMatches(ctx.req, ctx.rawPath, ctx.rawQuery, sig, principal.secretAccessKey, hash)) {
    throw new SigV4Failure('bad-signature', 'Signature does not match');
  }
  const now = ctx.now.getTime();
  if (sig.presigned) {
    if (signedAt.getTime() - now > 15 * 60_000) throw new SigV4Failure('skewed', 'Request is in the future');
    if (signedAt.getTime() + (sig.expiresSeconds ?? 900) * 1000 < now) {
      throw new SigV4Failure('presign-expired', 'Request has expired');
    }
  } else if (Math.abs(signedAt.getTime() - now) > 15 * 60_000) {
    throw new SigV4Failure(
      'skewed',
      `Signature expired: ${sig.amzDate} is now earlier than ${new Date(now - 15 * 60_000).toISOString()} (${new Date(now).toISOString()} - 15 min.)`,
    );
  }
  if (principal.kind === 'session') {
    ctx.record.subject = principal.subject;
    ctx.record.roleArn = principal.roleArn;
    if (principal.expiration.getTime() <= now) {
      throw new SigV4Failure('expired-credentials', 'The security token included in the request is expired');
    }
  }
  return { principal, signature: sig };
}

export const requireParam = (params: URLSearchParams, name: string): string => {
  const v = params.get(name);
  if (v === null || v === '') {
    throw new AwsError('MissingParameter', `The request must contain the parameter ${name}`);
  }
  return v;
};
