/**
 * A tiny LRU map for core (browser-safe, no dependency): at most `max` entries, least recently used out first.
 *
 * @example
 * const ids = lruMap<string, string>(1000);
 * ids.set(key, identityId);
 */
export function lruMap<K, V>(max: number) {
  const map = new Map<K, V>();
  return {
    get(key: K): V | undefined {
      const value = map.get(key);
      if (value !== undefined) {
        map.delete(key);
        map.set(key, value);
      }
      return value;
    },
    set(key: K, value: V): void {
      map.delete(key);
      map.set(key, value);
      if (map.size > max) map.delete(map.keys().next().value as K);
    },
    has: (key: K): boolean => map.has(key),
    delete: (key: K): boolean => map.delete(key),
    get size(): number {
      return map.size;
    },
  };
}
