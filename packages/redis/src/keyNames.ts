import { createHmac } from 'node:crypto';
import type { Keyring } from './keyring.js';

/** The Redis names of one identity: nothing in them names the user. */
export interface KeyNames {
  /** HMAC of the identity under the sealing key: the hash tag of the lock and the "done" channel. */
  readonly id: string;
  /** Where the credentials are, sealing key first, then one per older key (read during a rotation). */
  readonly entries: readonly string[];
  readonly lock: string;
  /** The identity's "done" channel (pub/sub), in the slot of its entry and lock. */
  readonly channel: string;
}

/**
 * Names an identity's Redis keys from the broker's cache key (already a hash of issuer + subject + audience +
 * role): an HMAC-SHA256 per keyring key, so without the keys nobody can tell whose entry is whose, nor test a
 * guessed subject. Each key of the ring gives its own name, so an entry written before a rotation stays readable.
 * The HMAC is the name's hash tag (`{…}`): on a Redis Cluster the entry, the lock and the channel of one identity
 * share one hash slot, so the lock's compare-and-delete and a shard's pub/sub touch one node.
 *
 * @example
 * keyNames(ring, 'web-identity:', auth.key).entries[0]; // 'web-identity:c:{Qm9…}'
 */
export function keyNames(ring: Keyring, prefix: string, storeKey: string): KeyNames {
  const hashes = ring.keys.map((k) => createHmac('sha256', k.nameKey).update(storeKey).digest('base64url'));
  const id = hashes[0]!;
  return {
    id,
    entries: hashes.map((h) => `${prefix}c:{${h}}`),
    lock: `${prefix}l:{${id}}`,
    channel: `${prefix}d:{${id}}`,
  };
}
