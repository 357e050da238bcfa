import { adviceFor, awsCodeOf } from '../awsError.js';
import { DEV } from '../env.js';
import { CredentialsError } from '../errors.js';
import { REGION_AND_UUID_RE } from './validate.js';

/**
 * Where a guest's identity id is kept across page loads: `localStorage[GUEST_IDENTITY_STORAGE_PREFIX + poolId]`.
 * An identifier, not a credential (it names the guest's identity; Cognito still decides what it may get), and the
 * one thing this library ever writes to storage, only in guest mode (`persistGuestIdentity: false` turns it off).
 *
 * @example
 * localStorage.getItem(`${GUEST_IDENTITY_STORAGE_PREFIX}eu-west-1:7d1a3f0e-…`); // 'eu-west-1:5f0c…' or null
 */
export const GUEST_IDENTITY_STORAGE_PREFIX = 'web-identity:guest-identity-id:';

/** The part of the Web Storage API the guest slot uses (`localStorage`, or a stand-in in tests). */
export interface GuestIdentityStorage {
  /** The stored guest identity id for `key`, or `null` when there is none. */
  getItem(key: string): string | null;
  /** Keeps the guest identity id (an identifier, never a credential) under `key`. */
  setItem(key: string, value: string): void;
  /** Forgets the id under `key` (the pool no longer knows it). */
  removeItem(key: string): void;
}

/** One pool's guest identity id: in storage when persisted (shared by page loads and tabs), else in memory. */
export interface GuestSlot {
  get(): string | null;
  set(id: string): void;
  /** Forgets `id` (only if it is still the one kept: another tab may have minted a newer one meanwhile). */
  clear(id: string): void;
}

/** `localStorage` when the page has a usable one (not in Node, SSR, or a sandboxed frame that throws). */
export function defaultGuestStorage(): GuestIdentityStorage | null {
  try {
    const ls = (globalThis as { localStorage?: GuestIdentityStorage }).localStorage;
    return ls && typeof ls.getItem === 'function' ? ls : null;
  } catch {
    return null;
  }
}

/**
 * The slot of pool `poolId`. With `storage`, the stored id is the truth (so a tab that upgraded the guest, and
 * removed it, is seen by the others); if storage fails (quota, privacy mode) it falls back to memory.
 */
export function guestSlot(poolId: string, storage: GuestIdentityStorage | null): GuestSlot {
  const key = GUEST_IDENTITY_STORAGE_PREFIX + poolId;
  let memory: string | null = null;
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
  const read = () => {
    const v = attempt((st) => st.getItem(key));
    return v === undefined ? memory : v && REGION_AND_UUID_RE.test(v) ? v : null;
  };
  return {
    get: read,
    set(id) {
      memory = id;
      attempt((st) => st.setItem(key, id));
    },
    clear(id) {
      if (memory === id) memory = null;
      if (read() === id) attempt((st) => st.removeItem(key));
    },
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
