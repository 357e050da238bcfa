import type { CredentialsSnapshot, Listener } from '../types.js';

/**
 * The one signed-out snapshot: what a client shows before a session and after `signOut()`, and what the
 * adapters render on the server (credentials live in the browser's memory only).
 *
 * @example
 * client.getSnapshot() === SIGNED_OUT_SNAPSHOT; // true before the first subscribe()
 */
export const SIGNED_OUT_SNAPSHOT: CredentialsSnapshot = Object.freeze({
  status: 'signed-out',
  credentials: null,
  identity: null,
  expiresAt: null,
  refreshAt: null,
  error: null,
  exchangeCount: 0,
  origin: null,
});

/** The name of each field of a snapshot. */
export type SnapshotField = keyof CredentialsSnapshot;

/**
 * Every field of a snapshot (read off the signed-out one, which TypeScript makes name them all), in one list: the adapters expose one reactive value per entry (React's hook fields,
 * Vue's refs, Angular's signals), so a field added here reaches every adapter.
 */
export const SNAPSHOT_FIELDS: readonly SnapshotField[] = Object.freeze(
  Object.keys(SIGNED_OUT_SNAPSHOT) as SnapshotField[],
);

/**
 * The snapshot to render on the server and during hydration: always signed out. The browser takes over
 * once hydrated (React) or mounted (Vue).
 *
 * @example
 * useSyncExternalStore(client.subscribe, client.getSnapshot, getServerSnapshot);
 */
export function getServerSnapshot(): CredentialsSnapshot {
  return SIGNED_OUT_SNAPSHOT;
}

/**
 * Immutable snapshots and their listeners (the shape `useSyncExternalStore` wants). `current` may move ahead
 * of what listeners saw (a snapshot read after expiry); `publish` tells them, once per distinct snapshot.
 */
export interface Store {
  current: CredentialsSnapshot;
  /** Makes `next` current and tells every listener, unless they already saw it. */
  publish(next: CredentialsSnapshot): void;
  subscribe(listener: Listener): () => void;
  /** Whether anyone listens (a guest session restarts after a sign-out only for listeners). */
  listened(): boolean;
  clear(): void;
}

export function createStore(): Store {
  const listeners = new Set<Listener>();
  let notified = SIGNED_OUT_SNAPSHOT;
  const store: Store = {
    current: SIGNED_OUT_SNAPSHOT,
    publish(next) {
      store.current = next;
      if (next === notified) return;
      notified = next;
      for (const l of [...listeners]) {
        try {
          l(next);
        } catch (e) {
          // One throwing listener must not starve the others: rethrow it outside the loop.
          queueMicrotask(() => {
            throw e;
          });
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    listened: () => listeners.size > 0,
    clear: () => listeners.clear(),
  };
  return store;
}

/** `prev` when it is the same instant (so snapshots keep their `Date` objects), else a new `Date`. */
function sameDate(prev: Date | null, ms: number | null): Date | null {
  return ms === null ? null : prev?.getTime() === ms ? prev : new Date(ms);
}

/**
 * The next snapshot: `prev` itself when nothing changed, and otherwise a frozen copy that reuses `prev`'s
 * `Date` objects wherever the instant is the same.
 */
export function nextSnapshot(
  prev: CredentialsSnapshot,
  next: Omit<CredentialsSnapshot, 'expiresAt' | 'refreshAt'> & {
    expiresAt: number | null;
    refreshAt: number | null;
  },
): CredentialsSnapshot {
  const expiresAt = sameDate(prev.expiresAt, next.expiresAt);
  const refreshAt = sameDate(prev.refreshAt, next.refreshAt);
  if (
    prev.status === next.status &&
    prev.credentials === next.credentials &&
    prev.identity === next.identity &&
    prev.error === next.error &&
    prev.exchangeCount === next.exchangeCount &&
    prev.origin === next.origin &&
    prev.expiresAt === expiresAt &&
    prev.refreshAt === refreshAt
  ) {
    return prev;
  }
  return Object.freeze({ ...next, expiresAt, refreshAt });
}
