import { createHash, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { COGNITO_ISSUER, COGNITO_PROVIDER, type IdentityPoolConfig, providerName } from './config.js';
import { issueSession, type KitState, type RequestCtx, type ServiceResponse } from './context.js';
import { AwsError } from './errors.js';
import { evaluate, type PolicyContext } from './policy.js';
import { TokenError } from './tokens.js';

/** A Cognito identity known to the local AWS. */
interface CognitoIdentity {
  id: string;
  poolId: string;
  /** provider name → subject */
  logins: Map<string, string>;
  /**
   * Merged into another identity (a guest whose login already belonged to that one): AWS disables it, and
   * every later call naming it is refused.
   */
  disabledBy?: string;
}

const identities = new WeakMap<
  KitState,
  { byId: Map<string, CognitoIdentity>; byLogin: Map<string, string> }
>();
const storeFor = (kit: KitState) => {
  let s = identities.get(kit);
  if (!s) {
    s = { byId: new Map(), byLogin: new Map() };
    identities.set(kit, s);
  }
  return s;
};

const POOL_ID = /^[\w-]+:[0-9a-f-]+$/;
const notAuthorized = (message: string) => new AwsError('NotAuthorizedException', message);
const invalidParam = (message: string) => new AwsError('InvalidParameterException', message);

/** Answers Cognito Identity (JSON 1.1): GetId, GetCredentialsForIdentity, GetOpenIdToken. */
export async function handleCognito(
  kit: KitState,
  ctx: RequestCtx,
  action: string,
): Promise<ServiceResponse> {
  let input: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(ctx.body.length ? ctx.body.toString('utf8') : '{}');
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
    input = parsed as Record<string, unknown>;
  } catch {
    throw new AwsError('SerializationException', 'Start of structure or map found where not expected.');
  }
  let out: Record<string, unknown>;
  switch (action) {
    case 'GetId':
      out = await getId(kit, ctx, input);
      break;
    case 'GetCredentialsForIdentity':
      out = await getCredentialsForIdentity(kit, ctx, input);
      break;
    case 'GetOpenIdToken':
      out = await getOpenIdToken(kit, ctx, input);
      break;
    default:
      throw new AwsError('UnknownOperationException', `Unknown operation ${action}`);
  }
  return {
    status: 200,
    headers: { 'Content-Type': 'application/x-amz-json-1.1' },
    body: JSON.stringify(out),
  };
}

function requireString(input: Record<string, unknown>, name: string, field: string): string {
  const v = input[name];
  if (v === undefined || v === null) {
    throw invalidParam(
      `1 validation error detected: Value null at '${field}' failed to satisfy constraint: Member must not be null`,
    );
  }
  if (typeof v !== 'string')
    throw new AwsError('SerializationException', `Unexpected value type for ${name}`);
  return v;
}

function readLogins(input: Record<string, unknown>): [string, string][] {
  const logins = input.Logins;
  if (logins === undefined || logins === null) return [];
  if (typeof logins !== 'object' || Array.isArray(logins)) {
    throw new AwsError('SerializationException', 'Unexpected value type for Logins');
  }
  const entries = Object.entries(logins as Record<string, unknown>);
  if (entries.length > 10) {
    throw invalidParam(
      "1 validation error detected: Value at 'logins' failed to satisfy constraint: Member must have length less than or equal to 10",
    );
  }
  return entries.map(([k, v]) => {
    if (typeof v !== 'string' || v.length < 1 || v.length > 50000)
      throw invalidParam(`Invalid login token for ${k}.`);
    return [k, v];
  });
}

function findPool(kit: KitState, poolId: string): IdentityPoolConfig {
  if (!POOL_ID.test(poolId) || poolId.length > 55) {
    throw invalidParam(
      `1 validation error detected: Value '${poolId}' at 'identityPoolId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w-]+:[0-9a-f-]+`,
    );
  }
  const pool = kit.pools.get(poolId);
  if (!pool) throw new AwsError('ResourceNotFoundException', `IdentityPool '${poolId}' not found.`);
  return pool;
}

/** Verifies each login token for the pool; returns provider → subject. */
async function verifyLogins(
  kit: KitState,
  ctx: RequestCtx,
  pool: IdentityPoolConfig,
  logins: [string, string][],
) {
  const result = new Map<string, string>();
  for (const [rawProvider, token] of logins) {
    const provider = providerName(rawProvider);
    const allowed = Object.entries(pool.providers).find(([name]) => providerName(name) === provider);
    if (!allowed) throw notAuthorized('Token is not from a supported provider of this identity pool.');
    let claims: Awaited<ReturnType<KitState['verifier']['verify']>>;
    try {
      claims = await kit.verifier.verify(token, ctx.now);
    } catch (err) {
      if (!(err instanceof TokenError)) throw err;
      if (err.failure.kind === 'idp-unreachable') {
        throw new AwsError(
          'ExternalServiceException',
          'Could not reach the identity provider to validate the login token.',
        );
      }
      throw notAuthorized(`Invalid login token. ${err.failure.message}`);
    }
    if (providerName(claims.iss) !== provider)
      throw notAuthorized("Invalid login token. Issuer doesn't match providerName");
    const audiences = allowed[1];
    const tokenAud = Array.isArray(claims.aud) ? claims.aud : [String(claims.aud)];
    if (audiences && !tokenAud.some((a) => audiences.includes(a))) {
      throw notAuthorized('Invalid login token. Incorrect token audience.');
    }
    result.set(provider, String(claims.sub));
    ctx.record.subject = String(claims.sub);
  }
  return result;
}

function identityIdFor(
  kit: KitState,
  pool: IdentityPoolConfig,
  logins: Map<string, string>,
): CognitoIdentity {
  const store = storeFor(kit);
  for (const [provider, sub] of logins) {
    const existing = store.byLogin.get(`${pool.id}|${provider}|${sub}`);
    if (existing) {
      const identity = store.byId.get(existing)!;
      for (const [p, s] of logins) {
        identity.logins.set(p, s);
        store.byLogin.set(`${pool.id}|${p}|${s}`, identity.id);
      }
      return identity;
    }
  }
  const region = pool.id.split(':')[0] ?? kit.region;
  const identity: CognitoIdentity = {
    id: `${region}:${randomUUID()}`,
    poolId: pool.id,
    logins: new Map(logins),
  };
  store.byId.set(identity.id, identity);
  for (const [p, s] of logins) store.byLogin.set(`${pool.id}|${p}|${s}`, identity.id);
  return identity;
}

async function getId(kit: KitState, ctx: RequestCtx, input: Record<string, unknown>) {
  const pool = findPool(kit, requireString(input, 'IdentityPoolId', 'identityPoolId'));
  const sent = readLogins(input);
  ctx.record.logins = sent.map(([p]) => p);
  const logins = await verifyLogins(kit, ctx, pool, sent);
  if (logins.size === 0 && !pool.allowUnauthenticated) {
    throw notAuthorized('Unauthenticated access is not supported for this identity pool.');
  }
  const identity = identityIdFor(kit, pool, logins);
  ctx.record.identityId = identity.id;
  return { IdentityId: identity.id };
}

/**
 * Logins sent with an unauthenticated identity's id, as AWS answers them (the guest-to-user switch): logins
 * that belong to no identity yet are linked to this one, which becomes authenticated under the same id; a
 * login that already belongs to another identity merges this guest into that one (the guest is disabled)
 * and the call answers for that identity, with its id.
 */
function linkGuest(
  kit: KitState,
  ctx: RequestCtx,
  guest: CognitoIdentity,
  logins: Map<string, string>,
): CognitoIdentity {
  const store = storeFor(kit);
  for (const [p, s] of logins) {
    const owner = store.byLogin.get(`${guest.poolId}|${p}|${s}`);
    if (owner && owner !== guest.id) {
      guest.disabledBy = owner;
      ctx.record.linked = 'merged';
      return store.byId.get(owner)!;
    }
  }
  for (const [p, s] of logins) {
    guest.logins.set(p, s);
    store.byLogin.set(`${guest.poolId}|${p}|${s}`, guest.id);
  }
  ctx.record.linked = 'linked';
  return guest;
}

/** Looks up the identity and checks the logins sent belong to it (or that it may stay unauthenticated). */
async function resolveIdentity(kit: KitState, ctx: RequestCtx, input: Record<string, unknown>) {
  const identityId = requireString(input, 'IdentityId', 'identityId');
  if (!POOL_ID.test(identityId) || identityId.length > 55) {
    throw invalidParam(
      `1 validation error detected: Value '${identityId}' at 'identityId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w-]+:[0-9a-f-]+`,
    );
  }
  ctx.record.identityId = identityId;
  const found = storeFor(kit).byId.get(identityId);
  if (!found) throw new AwsError('ResourceNotFoundException', `Identity '${identityId}' not found.`);
  if (found.disabledBy) throw notAuthorized(`Access to Identity '${identityId}' is forbidden.`);
  const pool = kit.pools.get(found.poolId)!;
  const sent = readLogins(input);
  ctx.record.logins = sent.map(([p]) => p);
  const logins = await verifyLogins(kit, ctx, pool, sent);
  const identity = found.logins.size === 0 && logins.size > 0 ? linkGuest(kit, ctx, found, logins) : found;
  ctx.record.identityId = identity.id;
  const authenticated = identity.logins.size > 0;
  if (authenticated) {
    const matches = [...logins].some(([p, s]) => identity.logins.get(p) === s);
    if (!matches) {
      throw notAuthorized(
        'Logins don\u2019t match. Please include at least one valid login for this identity or identity pool.',
      );
    }
  } else if (!pool.allowUnauthenticated) {
    throw notAuthorized('Unauthenticated access is not supported for this identity pool.');
  }
  const [provider, sub] = [...logins][0] ?? [undefined, undefined];
  if (sub !== undefined) ctx.record.subject = sub;
  const amr = authenticated
    ? ['authenticated', ...(provider ? [provider, `${provider}:${pool.id}:${sub}`] : [])]
    : ['unauthenticated'];
  return { identity, pool, authenticated, amr, sub };
}

async function getCredentialsForIdentity(kit: KitState, ctx: RequestCtx, input: Record<string, unknown>) {
  const { identity, pool, authenticated, amr, sub } = await resolveIdentity(kit, ctx, input);
  const custom = input.CustomRoleArn;
  if (custom !== undefined && typeof custom !== 'string')
    throw new AwsError('SerializationException', 'Unexpected value type for CustomRoleArn');
  const roleArn =
    (custom as string | undefined) ??
    (authenticated ? pool.authenticatedRoleArn : pool.unauthenticatedRoleArn);
  const invalidConfig = new AwsError(
    'InvalidIdentityPoolConfigurationException',
    'Invalid identity pool configuration. Check assigned IAM roles for this pool.',
  );
  const role = roleArn ? kit.roles.get(roleArn) : undefined;
  if (!role) throw invalidConfig;
  ctx.record.roleArn = role.arn;
  const context: PolicyContext = {
    [`${COGNITO_PROVIDER}:aud`]: pool.id,
    [`${COGNITO_PROVIDER}:sub`]: identity.id,
    [`${COGNITO_PROVIDER}:amr`]: amr,
  };
  const trusted =
    evaluate([role.trustPolicy], {
      action: 'sts:AssumeRoleWithWebIdentity',
      principal: { type: 'Federated', ids: [COGNITO_PROVIDER] },
      context,
    }) === 'allow';
  if (!trusted) throw invalidConfig;
  const session = issueSession(kit, ctx.now, {
    role,
    sessionName: 'CognitoIdentityCredentials',
    durationSeconds: 3600,
    ...(sub !== undefined ? { subject: sub } : {}),
    issuer: COGNITO_ISSUER,
    context,
    sessionPolicies: null,
  });
  ctx.record.issuedAccessKeyId = session.accessKeyId;
  return {
    IdentityId: identity.id,
    Credentials: {
      AccessKeyId: session.accessKeyId,
      SecretKey: session.secretAccessKey,
      SessionToken: session.sessionToken,
      Expiration: Math.floor(session.expiration.getTime() / 1000),
    },
  };
}

async function getOpenIdToken(kit: KitState, ctx: RequestCtx, input: Record<string, unknown>) {
  const { identity, pool, amr } = await resolveIdentity(kit, ctx, input);
  const now = Math.floor(ctx.now.getTime() / 1000);
  const token = await new SignJWT({
    amr,
    'https://cognito-identity.amazonaws.com/identity-pool-arn': pool.id,
  })
    .setProtectedHeader({ alg: 'RS256', kid: kit.cognitoKey.kid, typ: 'JWS' })
    .setIssuer(COGNITO_ISSUER)
    .setSubject(identity.id)
    .setAudience(pool.id)
    .setIssuedAt(now)
    .setExpirationTime(now + 600)
    .setJti(createHash('sha256').update(randomUUID()).digest('hex').slice(0, 32))
    .sign((await kit.cognitoKey.keys()).privateKey);
  return { IdentityId: identity.id, Token: token };
}
