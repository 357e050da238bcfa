import { adviceFor, awsCodeOf } from '../../aws/awsError.js';
import { REGION_AND_UUID_RE } from '../../aws/validate.js';
import { CredentialsError } from '../../errors.js';
import { DEV } from '../../platform/env.js';
import type { StorageLike } from '../../platform/platform.js';

/**
 * Where a guest's identity id is kept across page loads: `localStorage[GUEST_IDENTITY_STORAGE_PREFIX + poolId]`,
 * as `{"id":"<region>:<uuid>","at":<epoch ms>}` — the id and when this browser last minted it or got its
 * credentials. The id is a bearer credential for the pool's guest role (GetCredentialsForIdentity with it alone
 * returns guest keys), so it is reused and linked on sign-in only within `guestIdentityMaxAgeMs` of `at`; it is
 * the one thing this library ever writes to storage, only in guest mode (`persistGuestIdentity: false` turns it
 * off).
 *
 * @example
 * localStorage.getItem(`${GUEST_IDENTITY_STORAGE_PREFIX}eu-west-1:7d1a3f0e-…`); // '{"id":"eu-west-1:5f0c…","at":1764…}' or null
 */
export const GUEST_IDENTITY_STORAGE_PREFIX = 'web-identity:guest-identity-id:';

/**
 * How long after this browser last minted a guest identity, or got credentials for it, the kept id is still used
 * (and linked to a login on sign-in): one hour, the lifetime of the guest keys Cognito hands out. A visitor still
 * on the page has refreshed them within the last hour, so signing in links their guest; an id idle for longer —
 * a previous visitor's on a shared machine, or one planted in storage — is dropped and a new guest minted.
 */
export const DEFAULT_GUEST_IDENTITY_MAX_AGE_MS = 60 * 60_000;

/**
 * The part of the Web Storage API the guest slot uses (`localStorage`, or a stand-in in tests): it keeps the guest
 * identity record (its id and when it was last used; never a key or token) under one key.
 */
export type GuestIdentityStorage = StorageLike;

/** One pool's guest identity id: in storage when persisted (shared by page loads and tabs), else in memory. */
export interface GuestSlot {
  /** The kept id, when this browser minted or used it within the bound; a stale or malformed record is dropped. */
  get(): string | null;
  /** Keeps `id`, minted or used just now. */
  set(id: string): void;
  /** Forgets `id` (only if it is still the one kept: another tab may have minted a newer one meanwhile). */
  clear(id: string): void;
  /** Forgets whatever id is kept (sign-out: the next guest is a new one). */
  clearAll(): void;
}

interface GuestRecord {
  id: string;
  at: number;
}

/** A stored record when well-formed (an id of the pool's shape and a finite instant), else `null`. */
function recordOf(raw: string | null): GuestRecord | null {
  if (!raw) return null;
  try {
    const r = JSON.parse(raw) as Partial<GuestRecord> | null;
    return r && typeof r.id === 'string' && REGION_AND_UUID_RE.test(r.id) && Number.isFinite(r.at)
      ? { id: r.id, at: r.at as number }
      : null;
  } catch {
    return null;
  }
}

/**
 * The slot of pool `poolId`. With `storage`, the stored record is the truth (so a tab that upgraded the guest,
 * and removed it, is seen by the others); if storage fails (quota, privacy mode) it falls back to memory. A record
 * older than `maxAgeMs` (by `now()`), or from the future, is stale: dropped, never reused or linked.
 */
export function guestSlot(
  poolId: string,
  storage: GuestIdentityStorage | null,
  opts: { maxAgeMs: number; now: () => number },
): GuestSlot {
  const key = GUEST_IDENTITY_STORAGE_PREFIX + poolId;
  let memory: GuestRecord | null = null;
  let store = storage;
  const attempt = <T>(fn: (st: GuestIdentityStorage) => T): T | undefined => {
    if (!store) return undefined;
    try {
      return fn(store);
    } catch {
      store = null; // unusable: memory from now on
      return undefined;
    }
  };
  const read = (): GuestRecord | null => {
    const v = attempt((st) => st.getItem(key));
    return v === undefined ? memory : recordOf(v);
  };
  const drop = () => {
    memory = null;
    attempt((st) => st.removeItem(key));
  };
  return {
    get() {
      const r = read();
      const age = r ? opts.now() - r.at : Number.NaN;
      if (r && age >= 0 && age <= opts.maxAgeMs) return r.id;
      drop(); // none, or stale, planted or malformed: nothing is kept
      return null;
    },
    set(id) {
      memory = { id, at: opts.now() };
      attempt((st) => st.setItem(key, JSON.stringify(memory)));
    },
    clear(id) {
      if (read()?.id === id) drop();
      else if (memory?.id === id) memory = null;
    },
    clearAll: drop,
  };
}

/** A pool that refuses guests answers `NotAuthorizedException` to GetId (and to credentials) without logins. */
export function guestError(e: unknown): unknown {
  if (!(e instanceof CredentialsError) || awsCodeOf(e) !== 'NotAuthorizedException') return e;
  return new CredentialsError(
    'GuestAccessDisabled',
    // The reason stays in production builds (where `adviceFor` is only the code and a link); the advice is DEV's.
    `GuestAccessDisabled: this identity pool does not allow unauthenticated identities.${
      DEV ? ` ${adviceFor('GuestAccessDisabled')}` : ''
    }`,
    { cause: e.cause },
  );
}

/**
 * A kept guest id the pool will not serve any more, to be replaced silently by a new guest: unknown to the pool
 * (`ResourceNotFoundException`: identity deleted, pool reset) or refused (`NotAuthorizedException`: another tab
 * signed it in, or it was merged into a user's identity).
 */
export function staleGuest(e: unknown): boolean {
  const code = awsCodeOf(e);
  return code === 'ResourceNotFoundException' || code === 'NotAuthorizedException';
}

/** Keeps the slot for a retryable failure (the next attempt links or uses the same guest); any other is final. */
export function keepGuestAfter(e: unknown): boolean {
  return e instanceof CredentialsError && (e.retryable || e.code === 'Aborted');
}
