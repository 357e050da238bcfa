import {
  checkDurationSeconds,
  checkEndpoint,
  checkRoleArn,
  configError,
  REGION_AND_UUID_RE,
} from '../../aws/validate.js';
import { defaultPlatform, type Platform } from '../../platform/platform.js';
import type { CredentialsSource, ExchangeResult, GuestContext, GuestUpgrade } from '../../types.js';
import { type PoolCredentials, poolCalls } from './cognitoCalls.js';
import { guestCredentials } from './guestCredentials.js';
import {
  DEFAULT_GUEST_IDENTITY_MAX_AGE_MS,
  type GuestIdentityStorage,
  type GuestSlot,
  guestSlot,
  keepGuestAfter,
} from './guestIdentity.js';

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
  /**
   * Guests: while `getIdToken` returns `null` (and after `signOut()`), get credentials for an unauthenticated
   * identity of the pool (its guest role) instead of signing out. When the user signs in, the guest's identity
   * id is sent with the login, so Cognito links the login to it (see the README's "Guest access").
   */
  guest?: boolean;
  /**
   * Guest mode: keep the guest's identity id (an identifier, never a credential) in `localStorage` under
   * `web-identity:guest-identity-id:<identityPoolId>`, so page loads reuse one guest identity. Default `true`;
   * `false` keeps it in memory only (each page load is a new guest).
   */
  persistGuestIdentity?: boolean;
  /** Guest mode, basic flow: the role STS assumes for guests (the pool's unauthenticated role). */
  guestRoleArn?: string;
  /** Guest mode: where the identity id is kept instead of `localStorage` (e.g. a test's stand-in). */
  guestStorage?: GuestIdentityStorage;
  /**
   * Guest mode: how long after this browser last minted the guest identity, or got credentials for it, its kept
   * id is still reused and linked to a login on sign-in. Default one hour (`DEFAULT_GUEST_IDENTITY_MAX_AGE_MS`,
   * the guest keys' lifetime); an older id is dropped and a new guest minted.
   */
  guestIdentityMaxAgeMs?: number;
  /**
   * Guest mode: send the guest's identity id with the login on sign-in, so Cognito links the login to it (what the
   * guest stored under its identity becomes the user's). Default `true`; `false` signs in with the login's own
   * identity and drops the guest id.
   */
  linkGuestOnSignIn?: boolean;
}

/**
 * Trades the ID token for credentials through a Cognito identity pool. The identity id is kept in memory
 * per subject (the 1,000 most recently used), never persisted. With `guest: true`, nobody signed in gets a
 * guest's credentials (the pool's unauthenticated role), and the guest's identity id alone may be kept in
 * `localStorage` (see `persistGuestIdentity`).
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
  const m = typeof identityPoolId === 'string' ? REGION_AND_UUID_RE.exec(identityPoolId) : null;
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
  checkGuestOptions(options, flow);
  checkDurationSeconds(durationSeconds, 'cognitoIdentityPool');
  checkEndpoint(endpoint, 'cognitoIdentityPool');
  checkEndpoint(options.stsEndpoint, 'cognitoIdentityPool');
  const calls = poolCalls({ ...options, poolRegion, flow });
  // The guest's slot, made on first use with the client's runtime (its storage and clock).
  let made: GuestSlot | null = null;
  const slotOf = (platform: Platform = defaultPlatform()): GuestSlot =>
    (made ??= guestSlot(
      identityPoolId,
      options.persistGuestIdentity === false ? null : (options.guestStorage ?? platform.storage()),
      {
        maxAgeMs: options.guestIdentityMaxAgeMs ?? DEFAULT_GUEST_IDENTITY_MAX_AGE_MS,
        now: () => platform.now(),
      },
    ));
  const slot = options.guest ? slotOf : null;
  const link = options.linkGuestOnSignIn !== false;
  const { credentialsFor, signedIn } = calls;

  return {
    kind: 'cognitoIdentityPool',
    forwardsToken: true,
    region: poolRegion,
    scope: JSON.stringify([
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
    ...(slot
      ? {
          exchangeGuest: (ctx: GuestContext) => guestCredentials(slot(ctx.platform), calls, ctx),
          // Sign-out: the next guest is a new identity, never the one kept before (nor a user's).
          signedOut: (ctx: { platform: Platform }) => slot(ctx.platform).clearAll(),
        }
      : {}),
    /**
     * A user's credentials. A guest id in hand is sent with the login first (Cognito links the login to it, or
     * answers for the identity the login already has); if Cognito refuses, the login's own identity is used.
     */
    async exchange(idToken, ctx) {
      const provider = options.providerName ?? String(ctx.claims.iss ?? '').replace(/^https?:\/\//, '');
      const logins = { [provider]: idToken };
      const key = `${provider}\n${ctx.claims.sub ?? ''}`;
      const user = ({ identityId, ...r }: PoolCredentials, upgrade?: GuestUpgrade): ExchangeResult => ({
        ...r,
        identity: {
          ...r.identity,
          ...(flow === 'basic' ? { subject: ctx.claims.sub ?? r.identity?.subject } : {}),
          provider,
          identityId,
        },
        ...(upgrade ? { upgrade } : {}),
      });
      const kept = slot?.(ctx.platform);
      const guestId = kept?.get();
      if (!guestId) return user(await signedIn(key, logins, ctx));
      if (link) {
        try {
          const r = await credentialsFor(guestId, logins, ctx, ctx.claims.sub);
          kept!.clear(guestId);
          calls.remember(key, r.identityId);
          return user(r, r.identityId === guestId ? 'linked' : 'switched');
        } catch (e) {
          if (keepGuestAfter(e)) throw e;
        }
      }
      // Not linked (linkGuestOnSignIn: false), or refused (the guest was signed in elsewhere, or merged): the
      // login's own identity. The guest id is dropped only once that worked, so a bad token does not cost the guest
      // its identity.
      const r = await signedIn(key, logins, ctx);
      kept!.clear(guestId);
      return user(r, link ? 'switched' : undefined);
    },
  };
}

/** Guest options make sense only together: the basic flow needs the guest role STS assumes. */
function checkGuestOptions(options: CognitoIdentityPoolOptions, flow: string): void {
  if (options.guest !== undefined && typeof options.guest !== 'boolean')
    throw configError('cognitoIdentityPool: guest must be true or false.');
  const age = options.guestIdentityMaxAgeMs;
  if (age !== undefined && !(typeof age === 'number' && age >= 0 && Number.isFinite(age)))
    throw configError('cognitoIdentityPool: guestIdentityMaxAgeMs must be a number of milliseconds ≥ 0.');
  if (options.linkGuestOnSignIn !== undefined && typeof options.linkGuestOnSignIn !== 'boolean')
    throw configError('cognitoIdentityPool: linkGuestOnSignIn must be true or false.');
  if (options.guestRoleArn !== undefined)
    checkRoleArn(options.guestRoleArn, 'cognitoIdentityPool', 'guestRoleArn');
  if (options.guest && flow === 'basic' && !options.guestRoleArn) {
    throw configError(
      'cognitoIdentityPool: guests in the basic flow need guestRoleArn (the unauthenticated role STS assumes).',
    );
  }
}
