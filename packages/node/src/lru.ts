/**
 * The one bounded map of this package: least recently used first out, at most `maxEntries` entries and, when
 * `maxBytes` is given, at most that many bytes as estimated by `sizeOf`. Plain `Map` insertion order is the
 * recency order (a read moves the entry to the end once the map is over half full), so every operation is O(1).
 *
 * @example
 * const keys = new Lru<string, KeyObject>({ maxEntries: 100 });
 * keys.set(kid, key);
 * keys.get(kid); // and it is now the most recently used
 */
export class Lru<K, V> {
  readonly maxEntries: number;
  readonly maxBytes: number;
  // Values are stored bare (no wrapper object per entry: the credentials cache holds 10,000s of them); sizes
  // live in a second map, only when a byte bound is asked for.
  #map = new Map<K, V>();
  #sizes: Map<K, number> | undefined;
  #bytes = 0;
  readonly #sizeOf: ((value: V, key: K) => number) | undefined;

  constructor(opts: { maxEntries: number; maxBytes?: number; sizeOf?: (value: V, key: K) => number }) {
    this.maxEntries = opts.maxEntries;
    this.maxBytes = opts.maxBytes ?? Number.POSITIVE_INFINITY;
    this.#sizeOf = opts.sizeOf;
    if (opts.sizeOf) this.#sizes = new Map();
  }

  get size(): number {
    return this.#map.size;
  }

  /** Bytes held, as estimated by `sizeOf` (0 without it). */
  get bytes(): number {
    return this.#bytes;
  }

  /**
   * The value, now the most recently used; `undefined` on a miss. While the map is at most half full (by entries
   * and by bytes) a read leaves the order as it is: nothing can be evicted before as many entries again arrive,
   * and the two Map writes that move an entry are most of a cache hit's cost on a busy server (a CPU profile of
   * the Node middleware with 1,000 cached users put them at ~3 µs of ~7 µs per request). From half full on,
   * every read moves its entry, so the least recently read of the entries read since goes first.
   */
  get(key: K): V | undefined {
    const value = this.#map.get(key);
    if (value === undefined && !this.#map.has(key)) return undefined;
    if (this.#map.size * 2 > this.maxEntries || this.#bytes * 2 > this.maxBytes) {
      this.#map.delete(key);
      this.#map.set(key, value as V);
    }
    return value;
  }

  /** The value without touching its recency. */
  peek(key: K): V | undefined {
    return this.#map.get(key);
  }

  has(key: K): boolean {
    return this.#map.has(key);
  }

  /** Stores `value` as the most recently used and evicts the oldest entries beyond the bounds. */
  set(key: K, value: V): this {
    this.delete(key);
    const bytes = this.#sizeOf ? this.#sizeOf(value, key) : 0;
    if (bytes > this.maxBytes || this.maxEntries < 1) return this; // could never fit: not kept
    this.#map.set(key, value);
    if (this.#sizes) {
      this.#sizes.set(key, bytes);
      this.#bytes += bytes;
    }
    while (this.#map.size > this.maxEntries || this.#bytes > this.maxBytes) {
      this.delete(this.#map.keys().next().value as K);
    }
    return this;
  }

  delete(key: K): boolean {
    if (!this.#map.delete(key)) return false;
    if (this.#sizes) {
      this.#bytes -= this.#sizes.get(key) ?? 0;
      this.#sizes.delete(key);
    }
    return true;
  }

  clear(): void {
    this.#map.clear();
    this.#sizes?.clear();
    this.#bytes = 0;
  }
}
