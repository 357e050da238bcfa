import { describe, expect, it } from 'vitest';
import { sha256 } from '../src/hash.js';
import { Lru } from '../src/lru.js';

describe('Lru', () => {
  it('evicts the least recently used entry beyond maxEntries; get refreshes recency, peek does not', () => {
    const lru = new Lru<string, number>({ maxEntries: 3 });
    lru.set('a', 1).set('b', 2).set('c', 3);
    expect(lru.get('a')).toBe(1); // a is now the most recent
    expect(lru.peek('b')).toBe(2); // b stays the oldest
    lru.set('d', 4);
    expect([...['a', 'b', 'c', 'd']].map((k) => lru.has(k))).toEqual([true, false, true, true]);
    expect(lru.size).toBe(3);
  });

  it('a read while the map is at most half full keeps the order; over half full it moves the entry', () => {
    const lru = new Lru<string, number>({ maxEntries: 4 });
    lru.set('a', 1).set('b', 2);
    expect(lru.get('a')).toBe(1); // 2 of 4: not recorded
    lru.set('c', 3).set('d', 4).set('e', 5); // full: the oldest by insertion goes
    expect(['a', 'b', 'c', 'd', 'e'].map((k) => lru.has(k))).toEqual([false, true, true, true, true]);
    expect(lru.get('b')).toBe(2); // 4 of 4: b is now the most recent
    lru.set('f', 6);
    expect(['b', 'c', 'd', 'e', 'f'].map((k) => lru.has(k))).toEqual([true, false, true, true, true]);
  });

  it('the byte bound counts for half full too', () => {
    const lru = new Lru<string, string>({ maxEntries: 100, maxBytes: 10, sizeOf: (v) => v.length });
    lru.set('a', 'xxx').set('b', 'yyy'); // 6 of 10 bytes: over half
    expect(lru.get('a')).toBe('xxx'); // a is now the most recent
    lru.set('c', 'zzz'); // 9 bytes
    lru.set('d', 'w'); // 10 bytes: fits
    lru.set('e', 'v'); // 11 > 10: b (least recent) goes, not a
    expect(['a', 'b'].map((k) => lru.has(k))).toEqual([true, false]);
  });

  it('a stored undefined is a hit, not a miss', () => {
    const lru = new Lru<string, number | undefined>({ maxEntries: 2 });
    lru.set('u', undefined);
    expect(lru.has('u')).toBe(true);
    expect(lru.get('u')).toBeUndefined();
    expect(lru.get('missing')).toBeUndefined();
  });

  it('keeps the byte estimate within maxBytes and never keeps a value larger than the bound', () => {
    const lru = new Lru<string, string>({ maxEntries: 100, maxBytes: 10, sizeOf: (v) => v.length });
    lru.set('a', 'xxxx').set('b', 'yyyy');
    expect(lru.bytes).toBe(8);
    lru.set('c', 'zzzz'); // 12 > 10: a goes
    expect(lru.has('a')).toBe(false);
    expect(lru.bytes).toBe(8);
    lru.set('big', 'x'.repeat(11));
    expect(lru.has('big')).toBe(false);
    expect(lru.bytes).toBe(8);
    lru.set('b', 'y'); // replacing an entry replaces its bytes
    expect(lru.bytes).toBe(5);
    lru.delete('c');
    lru.clear();
    expect([lru.size, lru.bytes]).toEqual([0, 0]);
  });

  it('with maxEntries 0 keeps nothing', () => {
    const lru = new Lru<string, number>({ maxEntries: 0 });
    lru.set('a', 1);
    expect(lru.size).toBe(0);
  });
});

describe('sha256', () => {
  it('is the base64url SHA-256 digest', () => {
    expect(sha256('abc')).toBe('ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0');
  });
});
