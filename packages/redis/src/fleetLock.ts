import { randomBytes } from 'node:crypto';
import type { CacheEntry, StoreLock } from '@web-identity/node';
import type { DoneChannel } from './doneChannel.js';
import type { KeyNames } from './keyNames.js';

/** Deletes the lock only if it still holds our token: a lock that expired and was taken by a peer stays theirs. */
export const COMPARE_AND_DELETE =
  "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

/** What the lock needs from its store. */
export interface FleetLockDeps {
  /**
   * A Redis command with the store's health bookkeeping; rejects when Redis fails. `patience` (ms) replaces the
   * store's deadline: a connected but slow Redis is waited for, a Redis that goes down ends the wait at once.
   */
  run(args: string[], patience?: number): Promise<unknown>;
  /** The shared entry for these names (decrypted; `undefined` on a miss). Rejects when Redis fails. */
  read(names: KeyNames, patience?: number): Promise<CacheEntry | undefined>;
  readonly channel: DoneChannel;
  readonly lockTtlMs: number;
  readonly pollMs: number;
}

const noLock: StoreLock = { release() {} };

/** Poll interval with ±50 % jitter, so a fleet of waiters does not poll in step. */
const jittered = (ms: number) => Math.round(ms * (0.5 + Math.random()));

/**
 * The fleet-wide single flight for one identity: `SET <lock> <token> NX PX <ttl>`; the holder exchanges and
 * releases with a compare-and-delete (one key, so one slot on a cluster), then announces on the identity's "done"
 * channel. A waiter subscribes to that channel before it re-reads, wakes on the message or on a jittered poll
 * (which also takes a lock left behind), and exchanges itself once it has waited longer than the lock's TTL.
 * Every call here is patient: a connected Redis that answers slowly (a burst, a busy event loop) costs this
 * request latency, never an STS exchange; only Redis going down (refused, closed) means: exchange directly.
 * Saving duplicate work is all a lock does here (correctness never depends on it), so no Redlock.
 *
 * @example
 * const lock = await fleetLock(deps, names, usable);
 * if (lock.entry) return lock.entry; // a peer's
 * try { await exchangeAndStore(); } finally { await lock.release(); }
 */
export async function fleetLock(
  deps: FleetLockDeps,
  names: KeyNames,
  usable: (entry: CacheEntry) => boolean,
): Promise<StoreLock> {
  const token = randomBytes(16).toString('base64url');
  const deadline = Date.now() + deps.lockTtlMs;
  const left = () => Math.max(1, deadline - Date.now());
  const release = async () => {
    try {
      await deps.run(['EVAL', COMPARE_AND_DELETE, '1', names.lock, token]);
    } finally {
      await deps.channel.announce(names.channel).catch(() => {});
    }
  };
  const take = async (): Promise<StoreLock | undefined> => {
    const ok = await deps.run(['SET', names.lock, token, 'NX', 'PX', String(deps.lockTtlMs)], left());
    if (ok !== 'OK') return undefined;
    // A peer may have stored fresh keys between our miss and the lock: look once more.
    const entry = await deps.read(names, left()).catch(() => undefined);
    if (entry && usable(entry)) {
      await release();
      return { entry };
    }
    return { release };
  };

  try {
    const mine = await take();
    if (mine) return mine;
    while (Date.now() < deadline) {
      const wait = deps.channel.wait(names.channel, Math.min(jittered(deps.pollMs), left()));
      await wait.ready;
      const entry = await deps.read(names, left()).catch((err) => {
        wait.cancel();
        throw err;
      });
      if (entry && usable(entry)) {
        wait.cancel();
        return { entry };
      }
      const announced = await wait.done;
      if (announced) {
        const after = await deps.read(names, left());
        if (after && usable(after)) return { entry: after };
      }
      // Announced without usable keys (the holder's exchange failed), or a poll: take the lock if it is free.
      const taken = await take();
      if (taken) return taken;
    }
    return noLock; // waited longer than any holder may hold the lock
  } catch {
    return noLock;
  }
}
