import { sanitizeSessionName } from '../../aws/jwt.js';
import { callAws } from '../../transport/call.js';
import type { ExchangeContext, ExchangeResult, GuestContext } from '../../types.js';
import { ASSUME_ROLE_WITH_WEB_IDENTITY } from '../stsCall.js';
import { GET_CREDENTIALS_FOR_IDENTITY, GET_ID, GET_OPEN_ID_TOKEN } from './cognitoApi.js';
import { lruMap } from './lru.js';

/** Identity ids kept in memory per source (least recently used out first). */
const MAX_IDENTITY_IDS = 1_000;

/** What the pool's calls need to know (checked options of `cognitoIdentityPool`). */
export interface PoolCallsConfig {
  identityPoolId: string;
  poolRegion: string;
  flow: 'enhanced' | 'basic';
  customRoleArn?: string;
  guestRoleArn?: string;
  accountId?: string;
  endpoint?: string;
  stsEndpoint?: string;
  durationSeconds?: number;
}

/** Credentials with the identity id Cognito answered for (another one than asked, when it merged a guest). */
export type PoolCredentials = ExchangeResult & { identityId: string };

/** The calls one pool makes, for users and guests alike; also the users' identity ids, per subject. */
export type PoolCalls = ReturnType<typeof poolCalls>;

/** One pool's calls: GetId, and credentials in the configured flow (enhanced, or basic through STS). */
export function poolCalls(c: PoolCallsConfig) {
  // Per provider + subject; bounded, because on a server one source serves every user.
  const identityIds = lruMap<string, string>(MAX_IDENTITY_IDS);
  const at = (ctx: GuestContext) => ({ region: c.poolRegion, endpoint: c.endpoint, signal: ctx.signal });

  /** Credentials for identity `id`, with `logins` (a user) or without (a guest). */
  async function credentialsFor(
    id: string,
    logins: Record<string, string> | undefined,
    ctx: GuestContext,
    sessionName?: string,
  ): Promise<PoolCredentials> {
    if (c.flow === 'enhanced') {
      const r = await callAws(
        ctx.transport,
        GET_CREDENTIALS_FOR_IDENTITY,
        { identityId: id, logins, customRoleArn: logins ? c.customRoleArn : undefined },
        at(ctx),
      );
      return { ...r, identityId: r.identity?.identityId ?? id };
    }
    const oid = await callAws(ctx.transport, GET_OPEN_ID_TOKEN, { identityId: id, logins }, at(ctx));
    const r = await callAws(
      ctx.transport,
      ASSUME_ROLE_WITH_WEB_IDENTITY,
      {
        roleArn: (logins ? c.customRoleArn : c.guestRoleArn)!,
        roleSessionName: sanitizeSessionName(sessionName ?? oid.identityId),
        webIdentityToken: oid.token,
        durationSeconds: c.durationSeconds,
      },
      { region: ctx.region, endpoint: c.stsEndpoint, signal: ctx.signal },
    );
    return { ...r, identityId: oid.identityId };
  }

  /** GetId: the identity of `logins`, or a new guest's without. */
  async function getId(logins: Record<string, string> | undefined, ctx: GuestContext): Promise<string> {
    const r = await callAws(
      ctx.transport,
      GET_ID,
      { identityPoolId: c.identityPoolId, logins, accountId: c.accountId },
      at(ctx),
    );
    return r.identityId;
  }

  /** A user's credentials: the identity of their login (cached per subject), asked again once if it vanished. */
  async function signedIn(key: string, logins: Record<string, string>, ctx: ExchangeContext) {
    const once = async (fresh: boolean) => {
      let id = fresh ? undefined : identityIds.get(key);
      if (!id) {
        id = await getId(logins, ctx);
        identityIds.set(key, id);
      }
      const r = await credentialsFor(id, logins, ctx, ctx.claims.sub);
      identityIds.set(key, r.identityId);
      return r;
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
  }

  return {
    credentialsFor,
    getId,
    signedIn,
    /** The identity a user's login now has (after a guest's was linked to it). */
    remember: (key: string, id: string) => identityIds.set(key, id),
  };
}
