import { sanitizeSessionName } from '../jwt.js';
import type { CredentialsSource, ExchangeContext, ExchangeResult } from '../types.js';
import { lruMap } from './lru.js';
import { checkDurationSeconds, checkEndpoint, checkRoleArn, configError } from './validate.js';

/** Options of the `cognitoIdentityPool` source. */
export interface CognitoIdentityPoolOptions {
  /** `<region>:<uuid>`; the region is taken from it. */
  identityPoolId: string;
  /** The key of the `Logins` map: the issuer without `https://` (e.g. `accounts.google.com`, `cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc`). Default: the token's `iss` without scheme. */
  providerName?: string;
  /** A role other than the pool's default authenticated role (required for the basic flow). */
  customRoleArn?: string;
  /** `enhanced` (default): GetId + GetCredentialsForIdentity. `basic`: GetId + GetOpenIdToken + STS AssumeRoleWithWebIdentity. */
  flow?: 'enhanced' | 'basic';
  /** For pools in another account (GetId). */
  accountId?: string;
  /** Override the Cognito Identity endpoint. */
  endpoint?: string;
  /** Basic flow: override the STS endpoint. */
  stsEndpoint?: string;
  /** Basic flow: 900..3600 (Cognito's OpenID token is valid for 10 min; STS then grants this). */
  durationSeconds?: number;
}

/** Identity ids kept in memory per source (least recently used out first). */
const MAX_IDENTITY_IDS = 1_000;

const POOL_ID = /^([a-z]{2}(?:-[a-z]+)+-\d{1,2}):[0-9a-f-]{36}$/;

/**
 * Trades the ID token for credentials through a Cognito identity pool. The identity id is kept in memory
 * per subject (the 1,000 most recently used), never persisted.
 *
 * @example
 * const source = cognitoIdentityPool({
 *   identityPoolId: 'eu-west-1:7d1a3f0e-5b1c-4c9a-9a57-0f6e2d4b8c11',
 *   providerName: 'accounts.google.com',
 * });
 */
export function cognitoIdentityPool(options: CognitoIdentityPoolOptions): CredentialsSource {
  const { identityPoolId, customRoleArn, endpoint, durationSeconds } = options ?? {};
  const flow = options?.flow ?? 'enhanced';
  const m = typeof identityPoolId === 'string' ? POOL_ID.exec(identityPoolId) : null;
  if (!m) {
    throw configError(
      `cognitoIdentityPool: identityPoolId "${String(identityPoolId)}" is not an identity pool id (expected "eu-west-1:<uuid>").`,
    );
  }
  const poolRegion = m[1]!;
  if (flow !== 'enhanced' && flow !== 'basic')
    throw configError('cognitoIdentityPool: flow must be "enhanced" or "basic".');
  if (customRoleArn !== undefined) checkRoleArn(customRoleArn, 'cognitoIdentityPool', 'customRoleArn');
  if (flow === 'basic' && !customRoleArn) {
    throw configError('cognitoIdentityPool: the basic flow needs customRoleArn (the role STS assumes).');
  }
  checkDurationSeconds(durationSeconds, 'cognitoIdentityPool');
  checkEndpoint(endpoint, 'cognitoIdentityPool');
  checkEndpoint(options.stsEndpoint, 'cognitoIdentityPool');
  // Per provider + subject; bounded, because on a server one source serves every user.
  const identityIds = lruMap<string, string>(MAX_IDENTITY_IDS);

  async function identityId(
    key: string,
    logins: Record<string, string>,
    ctx: ExchangeContext,
    fresh: boolean,
  ) {
    const cached = fresh ? undefined : identityIds.get(key);
    if (cached) return cached;
    const r = await ctx.transport.cognitoGetId(
      { identityPoolId, logins, accountId: options.accountId },
      { region: poolRegion, endpoint, signal: ctx.signal },
    );
    identityIds.set(key, r.identityId);
    return r.identityId;
  }

  return {
    kind: 'cognitoIdentityPool',
    forwardsToken: true,
    crossTabScope: JSON.stringify([
      'cognitoIdentityPool',
      identityPoolId,
      flow,
      customRoleArn ?? null,
      options.providerName ?? null,
      options.accountId ?? null,
      endpoint ?? null,
      options.stsEndpoint ?? null,
      durationSeconds ?? null,
    ]),
    async exchange(idToken, ctx) {
      const provider = options.providerName ?? String(ctx.claims.iss ?? '').replace(/^https?:\/\//, '');
      const logins = { [provider]: idToken };
      const key = `${provider}\n${ctx.claims.sub ?? ''}`;
      const once = async (fresh: boolean): Promise<ExchangeResult> => {
        const id = await identityId(key, logins, ctx, fresh);
        const opts = { region: poolRegion, endpoint, signal: ctx.signal };
        if (flow === 'enhanced') {
          const r = await ctx.transport.cognitoGetCredentialsForIdentity(
            { identityId: id, logins, customRoleArn },
            opts,
          );
          return { ...r, identity: { ...r.identity, provider, identityId: r.identity?.identityId ?? id } };
        }
        const oid = await ctx.transport.cognitoGetOpenIdToken({ identityId: id, logins }, opts);
        const r = await ctx.transport.assumeRoleWithWebIdentity(
          {
            roleArn: customRoleArn!,
            roleSessionName: sanitizeSessionName(ctx.claims.sub ?? oid.identityId),
            webIdentityToken: oid.token,
            durationSeconds,
          },
          { region: ctx.region, endpoint: options.stsEndpoint, signal: ctx.signal },
        );
        return {
          ...r,
          identity: {
            ...r.identity,
            subject: ctx.claims.sub ?? r.identity?.subject,
            provider,
            identityId: oid.identityId,
          },
        };
      };
      try {
        return await once(false);
      } catch (e) {
        // A cached identity id can disappear (pool reset, identity deleted): forget it and ask again once.
        const code = (e as { code?: string }).code;
        if (code === 'Configuration' && identityIds.has(key) && !ctx.signal.aborted) {
          identityIds.delete(key);
          return once(true);
        }
        throw e;
      }
    },
  };
}
