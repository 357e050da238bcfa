// The keyring and the sealed format: AES-256-GCM, AAD = the Redis key name, `v1.<kid>.<iv>.<tag>.<ct>`.
import { randomBytes } from 'node:crypto';
import { CredentialsError } from '@web-identity/node';
import { describe, expect, it } from 'vitest';
import { decodeEntry, encodeEntry } from '../src/entryCodec.js';
import { keyNames } from '../src/keyNames.js';
import { parseKeyring } from '../src/keyring.js';
import { seal, unseal } from '../src/sealedValue.js';

const k1 = randomBytes(32).toString('base64');
const k2 = randomBytes(32).toString('base64');

describe('parseKeyring', () => {
  it('reads a comma list or an array; the first key seals', () => {
    for (const input of [
      `new:${k2}, old:${k1}`,
      [`new:${k2}`, `old:${k1}`],
      [{ kid: 'new', key: k2 }, `old:${k1}`],
    ]) {
      const ring = parseKeyring(input);
      expect(ring.keys.map((k) => k.kid)).toEqual(['new', 'old']);
      expect(ring.keys[0]!.key.equals(Buffer.from(k2, 'base64'))).toBe(true);
    }
    const url = randomBytes(32).toString('base64url');
    expect(parseKeyring(`u:${url}`).keys[0]!.key.length).toBe(32);
  });

  it.each([
    ['a 16-byte key', `k:${randomBytes(16).toString('base64')}`, /16 bytes; AES-256 needs exactly 32/],
    ['a 33-byte key', [{ kid: 'k', key: randomBytes(33) }], /33 bytes/],
    ['no key', undefined, /pass keys/],
    ['an empty list', '', /empty/],
    ['no kid', k1, /kid:base64/],
    ['a kid with a dot', `a.b:${k1}`, /key id/],
    ['a repeated kid', `a:${k1},a:${k2}`, /appears twice/],
    ['not base64', 'a:not base64!', /not base64/],
  ])('%s is a Configuration error that never shows the key', (_label, input, message) => {
    let error: unknown;
    try {
      parseKeyring(input as never);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(CredentialsError);
    expect(error).toMatchObject({ code: 'Configuration', message });
    expect((error as Error).message).not.toContain(k1);
    expect((error as Error).message).not.toContain(k2);
  });
});

describe('seal / unseal', () => {
  const ring = parseKeyring(`new:${k2},old:${k1}`);
  const oldRing = parseKeyring(`old:${k1}`);

  it('round-trips, with a fresh IV every time, in the v1 format', () => {
    const a = seal(ring, 'name-a', 'hello');
    const b = seal(ring, 'name-a', 'hello');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^v1\.new\.[\w-]{16}\.[\w-]{22}\.[\w-]+$/);
    expect(unseal(ring, 'name-a', a)).toBe('hello');
  });

  it('opens with any key of the ring: an entry sealed before the rotation still reads', () => {
    const before = seal(oldRing, 'n', 'secret');
    expect(unseal(ring, 'n', before)).toBe('secret');
    expect(unseal(oldRing, 'n', seal(ring, 'n', 'x'))).toBeNull(); // a ring without `new` cannot
  });

  it('a value moved onto another key name, altered or malformed does not open', () => {
    const value = seal(ring, 'alice', 'alice-secret');
    expect(unseal(ring, 'bob', value)).toBeNull();
    const parts = value.split('.');
    const flipped = `${parts[4]!.slice(0, -2)}${parts[4]!.endsWith('AA') ? 'BB' : 'AA'}`;
    expect(unseal(ring, 'alice', [...parts.slice(0, 4), flipped].join('.'))).toBeNull();
    for (const bad of [
      '',
      'v1',
      'v2.new.a.b.c',
      'v1.unknown.a.b.c',
      'v1.new.a.b.c',
      'v1.new....',
      'x'.repeat(100),
    ]) {
      expect(unseal(ring, 'alice', bad)).toBeNull();
    }
  });
});

describe('keyNames and the entry codec', () => {
  it('names carry no part of the identity, differ per keyring key, and hash-tag the identity (one cluster slot)', () => {
    const ring = parseKeyring(`new:${k2},old:${k1}`);
    const names = keyNames(ring, 'wi:', 'cache-key-of-alice');
    expect(names.entries).toHaveLength(2);
    expect(names.entries[0]).not.toBe(names.entries[1]);
    expect(names.lock).toBe(`wi:l:{${names.id}}`);
    expect(names.channel).toBe(`wi:d:{${names.id}}`);
    expect(names.entries[0]).toBe(`wi:c:{${names.id}}`);
    expect(names.id).toMatch(/^[\w-]{43}$/); // base64url: never a brace that would move the hash tag
    expect(JSON.stringify(names)).not.toContain('alice');
    expect(keyNames(parseKeyring(`old:${k1}`), 'wi:', 'cache-key-of-alice').entries[0]).toBe(
      names.entries[1],
    );
  });

  it('decodes what it encodes and refuses anything else', () => {
    const entry = {
      accessKeyId: 'ASIA1',
      secretAccessKey: 's',
      sessionToken: 't',
      expiresAt: 2,
      obtainedAt: 1,
      identity: { subject: 'alice', provider: 'https://idp', audience: 'aud' },
    };
    expect(decodeEntry(encodeEntry(entry))).toEqual(entry);
    for (const bad of [
      '',
      '{',
      'null',
      '[]',
      '{"accessKeyId":1}',
      JSON.stringify({ ...entry, identity: null }),
    ]) {
      expect(decodeEntry(bad)).toBeUndefined();
    }
  });
});
