import { abortedError, scrub } from '../aws/awsError.js';
import { readIdToken } from '../aws/jwt.js';
import { CredentialsError } from '../errors.js';
import { DEV } from '../platform/env.js';
import { type Stamp, stamp } from '../time/clock.js';
import type { ExchangeResult, IdTokenClaims } from '../types.js';
import type { ClientConfig } from './config.js';
import { type Caller, tokenIdentity } from './scope.js';

/** `getIdToken()` returned null: nobody is signed in. */
export class SignedOut extends Error {}

export function signedOutError(): CredentialsError {
  return new CredentialsError(
    'NoIdentityToken',
    DEV ? 'getIdToken() returned null: no user is signed in. Sign in, then call refresh().' : '',
  );
}

/** What `getIdToken()` threw, as `NoIdentityToken` (a `CredentialsError` it threw is kept). */
function idTokenError(e: unknown): CredentialsError {
  if (e instanceof CredentialsError) return e;
  return new CredentialsError(
    'NoIdentityToken',
    DEV
      ? `getIdToken() threw (${scrub((e as Error)?.name)}: ${scrub((e as Error)?.message ?? e)}). Sign the user in again, then call refresh().`
      : '',
    { cause: e },
  );
}

/**
 * Any failure as a `CredentialsError`. Something other than `getIdToken()` that throws a plain error — a custom
 * source's bug, or a global this runtime lacks — is `Configuration`: retrying would not help, and blaming the
 * sign-in would send the developer to the wrong place.
 */
export function toCredentialsError(e: unknown): CredentialsError {
  if (e instanceof CredentialsError) return e;
  return new CredentialsError(
    'Configuration',
    DEV
      ? `The exchange threw (${scrub((e as Error)?.name)}: ${scrub((e as Error)?.message ?? e)}) outside getIdToken(): a custom source, or a global this runtime lacks (see the platform option). Fix it, then call refresh().`
      : '',
    { cause: e },
  );
}

const IDENTITY_CODES = new Set(['InvalidIdentityToken', 'ExpiredIdentityToken']);

export interface Exchanged {
  result: ExchangeResult;
  claims: IdTokenClaims;
  /** When the request to AWS was sent (for lifetimes measured without a `Date` header). */
  startedAt: Stamp;
  /** Whose keys: the caller of the token really exchanged (`'guest'` without one; `null`: no issuer/subject). */
  caller: Caller | null;
}

/** An ID token as read from `getIdToken()`, with its decoded (unverified) claims; `token: null` is a guest. */
export interface ReadToken {
  token: string | null;
  claims: IdTokenClaims;
}

/** Whose keys a token (or the guest, `token: null`) would get: its identity as `scope.ts` names it. */
export function callerOf(t: ReadToken): Caller | null {
  return t.token === null ? 'guest' : tokenIdentity(t.claims);
}

/** Nobody is signed in and the source serves guests (`CredentialsSource.exchangeGuest`). */
const GUEST: ReadToken = Object.freeze({ token: null, claims: Object.freeze({}) });

/**
 * One flight's run: what an exchange reads of the client (never its state) — its config, the flight's abort
 * signal and liveness check, and the clock offset and timer clock of the moment.
 */
export interface Run {
  readonly cfg: ClientConfig;
  readonly signal: AbortSignal;
  /** Throws once the flight was superseded (sign-out), so a late answer is never used. */
  readonly live: () => void;
  /** After a sign-out in guest mode, until `refresh()`: exchanges are a guest's, `getIdToken` is not asked. */
  readonly guestOnly: boolean;
  /** AWS's clock minus the local one, as last measured. */
  readonly clockOffset: number;
  /** The client's timer clock (see time/clock.ts). */
  readonly timerClock: () => number;
}

/**
 * Asks `getIdToken()` once; `null` means nobody is signed in: a guest when the source serves guests, else
 * `SignedOut`. `guestOnly` (after a sign-out in guest mode, until `refresh()`) does not ask at all.
 */
export async function readToken(run: Run, forceRefresh: boolean): Promise<ReadToken> {
  const { cfg, signal, live, guestOnly } = run;
  if (guestOnly && cfg.source.exchangeGuest) return GUEST;
  let t: string | null | undefined;
  try {
    t = await cfg.getIdToken({ forceRefresh, signal });
  } catch (e) {
    throw idTokenError(e);
  }
  live();
  if (t === null || t === undefined) {
    if (cfg.source.exchangeGuest) return GUEST;
    throw new SignedOut();
  }
  return { token: t, claims: readIdToken(t) };
}

/**
 * One exchange: ID token → source → AWS. The identity rule lives here: a token already expired by AWS's
 * clock is renewed before any call; an identity error from AWS asks `getIdToken({ forceRefresh: true })`
 * once and tries again; a second identity failure is final. `live()` throws once the flight was superseded
 * (sign-out), so a late answer is never used. `first` is a token the caller already read (cross-tab: it names
 * the identity before the lock is taken). A guest (no token) gets the source's guest credentials, once.
 */
export async function exchangeOnce(run: Run, first?: ReadToken): Promise<Exchanged> {
  const { cfg, signal, live, timerClock } = run;
  const token = (forceRefresh: boolean) => readToken(run, forceRefresh);
  const exchange = async (t: ReadToken): Promise<Exchanged> => {
    const startedAt = stamp(cfg.platform, timerClock());
    const { region, transport, platform } = cfg;
    const result =
      t.token === null
        ? await cfg.source.exchangeGuest!({ region, transport, signal, platform })
        : await cfg.source.exchange(t.token, { region, claims: t.claims, transport, signal, platform });
    live();
    return { result, claims: t.claims, startedAt, caller: callerOf(t) };
  };
  let t = first ?? (await token(false));
  if (t.token === null) return exchange(t);
  let forced = false;
  if (typeof t.claims.exp === 'number' && t.claims.exp * 1000 <= cfg.platform.now() + run.clockOffset) {
    // Expired by AWS's clock as far as we know it: get a fresh one instead of wasting an STS call.
    forced = true;
    t = await token(true);
  }
  try {
    return await exchange(t);
  } catch (e) {
    live();
    if (forced || !(e instanceof CredentialsError) || !IDENTITY_CODES.has(e.code)) throw e;
  }
  return exchange(await token(true));
}

export { abortedError };
