import { deflateRawSync } from 'node:zlib';
import type { JWTPayload } from 'jose';
import {
  COGNITO_ISSUER,
  COGNITO_PROVIDER,
  GOOGLE_ISSUER,
  oidcProviderArn,
  providerName,
  type RoleConfig,
} from './config.js';
import {
  authenticate,
  issueSession,
  type KitState,
  type RequestCtx,
  requireParam,
  type ServiceResponse,
} from './context.js';
import { AwsError, xmlEscape } from './errors.js';
import {
  evaluate,
  type PolicyContext,
  type PolicyDocument,
  type PolicyRequest,
  parsePolicy,
} from './policy.js';
import type { IssuedSession, Principal } from './state.js';
import { stsTokenError, TokenError } from './tokens.js';

const NS = 'https://sts.amazonaws.com/doc/2011-06-15/';
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;
const SESSION_NAME = /^[\w+=,.@-]*$/;
const POLICY_ARN = /^arn:aws[a-z-]*:iam::(\d{12}|aws):policy\/[\w+=,.@/-]+$/;
/** Budget for the packed (compressed) session policy + policy ARNs + tags, in bytes. */
const PACKED_BUDGET = 1000;

const validation = (message: string) => new AwsError('ValidationError', message);
const constraint = (value: string, field: string, rule: string) =>
  validation(
    `1 validation error detected: Value '${value}' at '${field}' failed to satisfy constraint: ${rule}`,
  );

/** Answers STS (Query protocol, 2011-06-15). */
export async function handleSts(
  kit: KitState,
  ctx: RequestCtx,
  params: URLSearchParams,
): Promise<ServiceResponse> {
  const action = params.get('Action');
  if (!action) throw new AwsError('MissingAction', 'Missing Action');
  ctx.record.action = action;
  switch (action) {
    case 'AssumeRoleWithWebIdentity':
      return assumeRoleWithWebIdentity(kit, ctx, params);
    case 'AssumeRole':
      return assumeRole(kit, ctx, params);
    case 'GetCallerIdentity':
      return getCallerIdentity(kit, ctx);
    default:
      throw new AwsError('InvalidAction', `Could not find operation ${action} for version 2011-06-15`);
  }
}

function xml(action: string, result: string, requestId: string): ServiceResponse {
  return {
    status: 200,
    headers: { 'Content-Type': 'text/xml' },
    body:
      `<${action}Response xmlns="${NS}"><${action}Result>${result}</${action}Result>` +
      `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`,
  };
}

const isoSeconds = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

function credentialsXml(s: IssuedSession): string {
  return (
    `<AssumedRoleUser><Arn>${xmlEscape(s.arn)}</Arn><AssumedRoleId>${xmlEscape(s.userId)}</AssumedRoleId></AssumedRoleUser>` +
    `<Credentials><AccessKeyId>${s.accessKeyId}</AccessKeyId><SecretAccessKey>${s.secretAccessKey}</SecretAccessKey>` +
    `<SessionToken>${s.sessionToken}</SessionToken><Expiration>${isoSeconds(s.expiration)}</Expiration></Credentials>`
  );
}

interface CommonParams {
  /** Undefined when no such role exists (callers answer AccessDenied, as STS does). */
  role: RoleConfig | undefined;
  roleArn: string;
  sessionName: string;
  durationSeconds: number;
  sessionPolicies: PolicyDocument[] | null;
  packedPercent: number | null;
}

function parseTags(params: URLSearchParams): Record<string, string> {
  const tags: Record<string, string> = {};
  for (let i = 1; params.has(`Tags.member.${i}.Key`); i++) {
    const key = params.get(`Tags.member.${i}.Key`) ?? '';
    const value = params.get(`Tags.member.${i}.Value`) ?? '';
    if (!/^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u.test(key)) {
      throw constraint(
        key,
        `tags.${i}.member.key`,
        'Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+',
      );
    }
    if (value.length > 256)
      throw constraint(value, `tags.${i}.member.value`, 'Member must have length less than or equal to 256');
    if (Object.keys(tags).some((k) => k.toLowerCase() === key.toLowerCase())) {
      throw new AwsError(
        'InvalidParameterValue',
        'Duplicate tag keys found. Please note that Tag keys are case insensitive.',
      );
    }
    tags[key] = value;
  }
  if (Object.keys(tags).length > 50)
    throw validation(
      "1 validation error detected: Value at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50",
    );
  return tags;
}

function commonParams(
  kit: KitState,
  params: URLSearchParams,
  tags: Record<string, string>,
  chained: boolean,
): CommonParams {
  const roleArn = requireParam(params, 'RoleArn');
  const sessionName = requireParam(params, 'RoleSessionName');
  if (roleArn.length < 20 || roleArn.length > 2048 || !ROLE_ARN.test(roleArn)) {
    throw validation(`${roleArn.length > 2048 ? 'RoleArn is too long' : 'Request ARN is invalid'}`);
  }
  if (sessionName.length < 2)
    throw constraint(sessionName, 'roleSessionName', 'Member must have length greater than or equal to 2');
  if (sessionName.length > 64)
    throw constraint(sessionName, 'roleSessionName', 'Member must have length less than or equal to 64');
  if (!SESSION_NAME.test(sessionName)) {
    throw constraint(
      sessionName,
      'roleSessionName',
      'Member must satisfy regular expression pattern: [\\w+=,.@-]*',
    );
  }
  const durationRaw = params.get('DurationSeconds');
  const durationSeconds = durationRaw === null ? 3600 : Number(durationRaw);
  if (!Number.isInteger(durationSeconds))
    throw constraint(String(durationRaw), 'durationSeconds', 'Member must be an integer');
  if (durationSeconds < 900)
    throw constraint(
      String(durationSeconds),
      'durationSeconds',
      'Member must have value greater than or equal to 900',
    );
  if (durationSeconds > 43200)
    throw constraint(
      String(durationSeconds),
      'durationSeconds',
      'Member must have value less than or equal to 43200',
    );
  const policyText = params.get('Policy');
  if (policyText !== null && (policyText.length < 1 || policyText.length > 2048)) {
    throw constraint('(policy)', 'policy', 'Member must have length less than or equal to 2048');
  }
  const arns: string[] = [];
  for (let i = 1; params.has(`PolicyArns.member.${i}.arn`); i++)
    arns.push(params.get(`PolicyArns.member.${i}.arn`) ?? '');
  if (arns.length > 10)
    throw validation(
      "1 validation error detected: Value at 'policyArns' failed to satisfy constraint: Member must have length less than or equal to 10",
    );
  for (const arn of arns)
    if (!POLICY_ARN.test(arn) || arn.length > 2048) throw validation(`Invalid policy ARN: ${arn}`);
  const sessionPolicies: PolicyDocument[] | null =
    policyText !== null || arns.length > 0
      ? [
          ...(policyText !== null ? [parsePolicy(policyText)] : []),
          ...arns.map((a) => kit.managedPolicies.get(a) ?? { Version: '2012-10-17', Statement: [] }),
        ]
      : null;
  let packedPercent: number | null = null;
  if (policyText !== null || arns.length > 0 || Object.keys(tags).length > 0) {
    const packed = deflateRawSync(
      Buffer.from(
        (policyText ? JSON.stringify(JSON.parse(policyText)) : '') + arns.join(',') + JSON.stringify(tags),
      ),
    ).length;
    packedPercent = Math.ceil((packed * 100) / PACKED_BUDGET);
    if (packedPercent > 100) {
      throw new AwsError(
        'PackedPolicyTooLarge',
        `Packed policy consumes ${packedPercent}% of allotted space, please use smaller policy.`,
      );
    }
  }
  const role = kit.roles.get(roleArn);
  if (role) {
    const max = role.maxSessionDuration ?? 3600;
    if (durationSeconds > max) {
      throw validation(`The requested DurationSeconds exceeds the MaxSessionDuration set for this role.`);
    }
    if (chained && durationSeconds > 3600) {
      throw validation(
        'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
      );
    }
  }
  return { role, roleArn, sessionName, durationSeconds, sessionPolicies, packedPercent };
}

/**
 * What a role's trust policy is evaluated against for a verified web identity token: the federated
 * principal (the IAM OIDC provider ARN, or Cognito) and the condition keys `<provider>:aud|sub|amr|azp`.
 * STS and the kit's `/__kit/explain` both use it, so the explanation is the decision's own input.
 */
export function webIdentityTrustRequest(
  kit: Pick<KitState, 'account'>,
  claims: JWTPayload & { iss: string },
): PolicyRequest & { context: PolicyContext } {
  const cognito = claims.iss === COGNITO_ISSUER;
  const prov = cognito ? COGNITO_PROVIDER : providerName(claims.iss);
  const federated = cognito ? COGNITO_PROVIDER : oidcProviderArn(claims.iss, kit.account);
  const aud = Array.isArray(claims.aud) ? claims.aud : String(claims.aud);
  // Google (IAM's built-in provider): `:aud` is the `azp` claim when present, `:oaud` the token's `aud`.
  const google = claims.iss === GOOGLE_ISSUER;
  const context: PolicyContext = {
    [`${prov}:aud`]: google && typeof claims.azp === 'string' ? claims.azp : aud,
    ...(google ? { [`${prov}:oaud`]: aud } : {}),
    [`${prov}:sub`]: String(claims.sub),
    ...(claims.amr !== undefined ? { [`${prov}:amr`]: (claims.amr as unknown[]).map(String) } : {}),
    ...(typeof claims.azp === 'string' ? { [`${prov}:azp`]: claims.azp } : {}),
    'aws:FederatedProvider': federated,
  };
  return {
    action: 'sts:AssumeRoleWithWebIdentity',
    // A trust policy may name Google as `accounts.google.com` (built in) or by an IAM OIDC provider ARN.
    principal: { type: 'Federated', ids: google ? [federated, prov] : [federated] },
    context,
  };
}

async function assumeRoleWithWebIdentity(
  kit: KitState,
  ctx: RequestCtx,
  params: URLSearchParams,
): Promise<ServiceResponse> {
  const token = requireParam(params, 'WebIdentityToken');
  if (token.length < 4)
    throw constraint('***', 'webIdentityToken', 'Member must have length greater than or equal to 4');
  if (token.length > 20000)
    throw constraint('***', 'webIdentityToken', 'Member must have length less than or equal to 20000');
  const p = commonParams(kit, params, {}, false);
  const denied = new AwsError('AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity', 403);
  ctx.record.roleArn = p.roleArn;
  const role = p.role;
  if (!role) throw denied;
  let claims: Awaited<ReturnType<KitState['verifier']['verify']>>;
  try {
    claims = await kit.verifier.verify(token, ctx.now);
  } catch (err) {
    if (err instanceof TokenError) throw stsTokenError(err);
    throw err;
  }
  const sub = String(claims.sub);
  ctx.record.subject = sub;
  const cognito = claims.iss === COGNITO_ISSUER;
  const prov = cognito ? COGNITO_PROVIDER : providerName(claims.iss);
  const trust = webIdentityTrustRequest(kit, claims);
  const context = trust.context;
  const decision = evaluate([role.trustPolicy], trust);
  if (decision !== 'allow') throw denied;
  const session = issueSession(kit, ctx.now, {
    role,
    sessionName: p.sessionName,
    durationSeconds: p.durationSeconds,
    subject: sub,
    issuer: claims.iss,
    context,
    sessionPolicies: p.sessionPolicies,
  });
  ctx.record.issuedAccessKeyId = session.accessKeyId;
  const aud = Array.isArray(claims.aud) ? claims.aud[0] : claims.aud;
  return xml(
    'AssumeRoleWithWebIdentity',
    `<SubjectFromWebIdentityToken>${xmlEscape(sub)}</SubjectFromWebIdentityToken>` +
      `<Audience>${xmlEscape(String(aud))}</Audience>` +
      credentialsXml(session) +
      `<Provider>${xmlEscape(cognito ? COGNITO_PROVIDER : prov)}</Provider>` +
      (p.packedPercent !== null ? `<PackedPolicySize>${p.packedPercent}</PackedPolicySize>` : ''),
    ctx.requestId,
  );
}

function principalIds(kit: KitState, principal: Principal): { ids: string[]; explicit: string[] } {
  const root = [`arn:aws:iam::${kit.account}:root`, kit.account];
  return principal.kind === 'session'
    ? { ids: [principal.roleArn, principal.arn, ...root], explicit: [principal.roleArn, principal.arn] }
    : { ids: [principal.arn, ...root], explicit: [principal.arn] };
}

async function assumeRole(kit: KitState, ctx: RequestCtx, params: URLSearchParams): Promise<ServiceResponse> {
  const { principal } = authenticateOrThrow(kit, ctx);
  const tags = parseTags(params);
  const sourceIdentity = params.get('SourceIdentity');
  if (
    sourceIdentity !== null &&
    (!/^[\w+=,.@-]{2,64}$/.test(sourceIdentity) || sourceIdentity.toLowerCase().startsWith('aws:'))
  ) {
    throw constraint(
      sourceIdentity,
      'sourceIdentity',
      'Member must satisfy regular expression pattern: [\\w+=,.@-]*',
    );
  }
  const chained = principal.kind === 'session';
  const p = commonParams(kit, params, tags, chained);
  ctx.record.roleArn = p.roleArn;
  const subject =
    tags.sub ?? sourceIdentity ?? (principal.kind === 'session' ? principal.subject : undefined);
  if (subject !== undefined) ctx.record.subject = subject;
  const denied = new AwsError(
    'AccessDenied',
    `User: ${principal.arn} is not authorized to perform: sts:AssumeRole on resource: ${p.roleArn}`,
    403,
  );
  const role = p.role;
  if (!role) throw denied;
  const { ids, explicit } = principalIds(kit, principal);
  const trustContext: PolicyContext = {
    ...principal.context,
    'aws:PrincipalArn': principal.kind === 'session' ? principal.roleArn : principal.arn,
    'aws:TagKeys': Object.keys(tags),
    ...Object.fromEntries(Object.entries(tags).map(([k, v]) => [`aws:RequestTag/${k}`, v])),
    ...(params.get('ExternalId') !== null ? { 'sts:ExternalId': params.get('ExternalId')! } : {}),
    ...(sourceIdentity !== null ? { 'sts:SourceIdentity': sourceIdentity } : {}),
  };
  const trusts = (action: string) =>
    evaluate([role.trustPolicy], { action, principal: { type: 'AWS', ids }, context: trustContext }) ===
    'allow';
  const namedExplicitly =
    evaluate([role.trustPolicy], {
      action: 'sts:AssumeRole',
      principal: { type: 'AWS', ids: explicit },
      context: trustContext,
    }) === 'allow';
  if (!trusts('sts:AssumeRole')) throw denied;
  if (Object.keys(tags).length > 0 && !trusts('sts:TagSession')) {
    throw new AwsError(
      'AccessDenied',
      `User: ${principal.arn} is not authorized to perform: sts:TagSession on resource: ${p.roleArn}`,
      403,
    );
  }
  if (sourceIdentity !== null && !trusts('sts:SetSourceIdentity')) {
    throw new AwsError(
      'AccessDenied',
      `User: ${principal.arn} is not authorized to perform: sts:SetSourceIdentity on resource: ${p.roleArn}`,
      403,
    );
  }
  // Same account: either the trust policy names the caller, or the caller's own policies allow it.
  if (!namedExplicitly) {
    const identityPolicies = principal.permissions;
    const allowed =
      evaluate(identityPolicies, {
        action: 'sts:AssumeRole',
        resource: p.roleArn,
        context: principal.context,
      }) === 'allow' &&
      (principal.kind !== 'session' ||
        principal.sessionPolicies === null ||
        evaluate(principal.sessionPolicies, {
          action: 'sts:AssumeRole',
          resource: p.roleArn,
          context: principal.context,
        }) === 'allow');
    if (!allowed) throw denied;
  }
  const session = issueSession(kit, ctx.now, {
    role,
    sessionName: p.sessionName,
    durationSeconds: p.durationSeconds,
    ...(subject !== undefined ? { subject } : {}),
    context: {
      ...Object.fromEntries(Object.entries(tags).map(([k, v]) => [`aws:PrincipalTag/${k}`, v])),
      ...(sourceIdentity !== null ? { 'aws:SourceIdentity': sourceIdentity } : {}),
    },
    sessionPolicies: p.sessionPolicies,
    chained,
  });
  ctx.record.issuedAccessKeyId = session.accessKeyId;
  return xml(
    'AssumeRole',
    credentialsXml(session) +
      (p.packedPercent !== null ? `<PackedPolicySize>${p.packedPercent}</PackedPolicySize>` : '') +
      (sourceIdentity !== null ? `<SourceIdentity>${xmlEscape(sourceIdentity)}</SourceIdentity>` : ''),
    ctx.requestId,
  );
}

/** SigV4 failures propagate; the server renders them with STS's codes (InvalidClientTokenId, ...). */
function authenticateOrThrow(kit: KitState, ctx: RequestCtx) {
  return authenticate(kit, ctx, 'sts');
}

function getCallerIdentity(kit: KitState, ctx: RequestCtx): ServiceResponse {
  const { principal } = authenticateOrThrow(kit, ctx);
  return xml(
    'GetCallerIdentity',
    `<Arn>${xmlEscape(principal.arn)}</Arn><UserId>${xmlEscape(principal.userId)}</UserId><Account>${kit.account}</Account>`,
    ctx.requestId,
  );
}
