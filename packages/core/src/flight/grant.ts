import { redactedCredentials } from '../aws/credentials.js';
import { CredentialsError } from '../errors.js';
import { DEV } from '../platform/env.js';
import { type Deadline, elapsedSince, type Stamp, wallTimeOf } from '../time/clock.js';
import { clockOffset as offsetOf, refreshDelay, refreshWindows } from '../time/timing.js';
import type { CredentialsIdentity, ExchangeResult, IdTokenClaims } from '../types.js';
import type { ClientConfig } from './config.js';
import type { Held } from './held.js';
import { audienceOf } from './scope.js';
import type { SharedCredentials } from './tabs.js';

/** What an exchange's answer becomes: keys in hand, who they belong to, and AWS's clock offset. */
export interface Grant {
  held: Held;
  identity: CredentialsIdentity;
  clockOffset: number;
}

function incomplete(r: ExchangeResult | null | undefined): boolean {
  return (
    !r ||
    typeof r.accessKeyId !== 'string' ||
    typeof r.secretAccessKey !== 'string' ||
    typeof r.sessionToken !== 'string' ||
    !(r.expiration instanceof Date) ||
    Number.isNaN(r.expiration.getTime())
  );
}

/**
 * The lifetime left (ms), measured on AWS's clock when the answer carried a readable `Date` header; otherwise
 * the granted duration from when the request was sent, or the stated expiry on the last known offset.
 */
function lifetimeOf(
  r: ExchangeResult,
  now: Stamp,
  startedAt: Stamp,
  offset: number,
): { lifetime: number; offset: number } {
  if (r.serverDate instanceof Date && !Number.isNaN(r.serverDate.getTime())) {
    const measured = offsetOf(r.serverDate, now.wall);
    return { lifetime: r.expiration.getTime() - measured - now.wall, offset: measured };
  }
  const byDuration = r.durationSeconds
    ? r.durationSeconds * 1000 - elapsedSince(startedAt, now)
    : Number.POSITIVE_INFINITY;
  const stated = r.expiration.getTime() - offset - now.wall;
  return { lifetime: stated > 0 ? Math.min(stated, byDuration) : byDuration, offset };
}

function identityOf(
  r: ExchangeResult,
  claims: IdTokenClaims,
  kind: string,
  prev: CredentialsIdentity | null,
): CredentialsIdentity {
  const next: CredentialsIdentity = {
    subject: r.identity?.subject ?? claims.sub ?? '',
    provider: claims.iss ?? r.identity?.provider ?? kind,
  };
  // AWS names the audience it matched (STS's `Audience`); otherwise the one scope.ts reads from the token.
  const audience = audienceOf(claims, r.identity?.audience) ?? undefined;
  if (audience !== undefined) next.audience = audience;
  if (r.identity?.assumedRoleArn) next.assumedRoleArn = r.identity.assumedRoleArn;
  if (r.identity?.identityId) next.identityId = r.identity.identityId;
  if (r.identity?.guest) next.guest = true;
  return sameIdentity(prev, next);
}

/** `prev` while it says the same as `next` (so snapshots, and UIs, see no change), else `next` frozen. */
export function sameIdentity(
  prev: CredentialsIdentity | null,
  next: CredentialsIdentity,
): CredentialsIdentity {
  const same =
    prev &&
    prev.subject === next.subject &&
    prev.provider === next.provider &&
    prev.audience === next.audience &&
    prev.assumedRoleArn === next.assumedRoleArn &&
    prev.identityId === next.identityId &&
    prev.guest === next.guest;
  return same ? prev : Object.freeze({ ...next });
}

/**
 * Keys in hand that expire `leftMs` from `now`, with the refresh windows of keys AWS granted for `lifetimeMs`
 * and a refresh planned with this client's own jitter (so tabs that received the same keys do not all wake
 * together). The keys redact themselves and read as expired once `revoked()` (sign-out).
 */
function heldFor(
  cfg: ClientConfig,
  k: {
    keys: Pick<ExchangeResult, 'accessKeyId' | 'secretAccessKey' | 'sessionToken'>;
    lifetimeMs: number;
    leftMs: number;
    startedAt: number;
  },
  now: Stamp,
  ctx: { revoked: () => boolean; stamp: () => Stamp },
): Held {
  const { keys, lifetimeMs, leftMs, startedAt } = k;
  const { advisory, mandatory } = refreshWindows(lifetimeMs, cfg.refreshBeforeExpiryMs, cfg.minValidityMs);
  const expiry: Deadline = { from: now, ms: leftMs };
  const value = redactedCredentials(
    {
      accessKeyId: keys.accessKeyId,
      secretAccessKey: keys.secretAccessKey,
      sessionToken: keys.sessionToken,
      expiration: new Date(wallTimeOf(now, leftMs, now)),
    },
    ctx.revoked,
    // Read on the local clock as it is now: a clock set back since the exchange moves it back too.
    () => wallTimeOf(expiry.from, expiry.ms, ctx.stamp()),
  );
  return {
    value,
    expiry,
    expiresAt: now.wall + leftMs,
    refresh: { from: now, ms: refreshDelay(leftMs, advisory) },
    mandatoryMs: mandatory,
    lifetimeMs,
    startedAt,
  };
}

/**
 * Credentials another tab shared, as keys in hand: `null` when fewer than the mandatory window is left (they
 * would be refreshed at once; the tab rather exchanges or waits for the next delivery).
 */
export function peerHeld(
  cfg: ClientConfig,
  shared: SharedCredentials,
  now: Stamp,
  ctx: { revoked: () => boolean; stamp: () => Stamp },
): Held | null {
  const leftMs = Math.min(shared.expiresAt - now.wall, shared.lifetimeMs);
  const held = heldFor(
    cfg,
    { keys: shared, lifetimeMs: shared.lifetimeMs, leftMs, startedAt: shared.startedAt },
    now,
    ctx,
  );
  return leftMs > held.mandatoryMs ? held : null;
}

/**
 * Turns a source's answer into held credentials: checks it is complete, measures the lifetime on AWS's clock
 * (from here on it runs on the monotonic clock and the wall clock, whichever says less is left, so setting the
 * device clock cannot stretch it), plans the refresh and wraps the keys so they redact themselves and read as
 * expired once `revoked()` (sign-out).
 */
export function grant(
  cfg: ClientConfig,
  answer: { result: ExchangeResult; claims: IdTokenClaims; startedAt: Stamp },
  now: Stamp,
  ctx: { offset: number; identity: CredentialsIdentity | null; revoked: () => boolean; stamp: () => Stamp },
): Grant {
  const { result: r, claims, startedAt } = answer;
  if (incomplete(r)) {
    throw new CredentialsError(
      'ServerError',
      DEV ? `The ${cfg.source.kind} source returned incomplete credentials; the client retries.` : '',
    );
  }
  const { lifetime, offset } = lifetimeOf(r, now, startedAt, ctx.offset);
  if (!(lifetime > 0) || !Number.isFinite(lifetime)) {
    throw new CredentialsError(
      'ServerError',
      DEV
        ? 'AWS returned credentials that are already expired by this device clock and no Date header was readable to correct it; expose the Date header (CORS) or fix the clock.'
        : '',
    );
  }
  return {
    held: heldFor(
      cfg,
      { keys: r, lifetimeMs: lifetime, leftMs: lifetime, startedAt: startedAt.wall },
      now,
      ctx,
    ),
    identity: identityOf(r, claims, cfg.source.kind, ctx.identity),
    clockOffset: offset,
  };
}
