import { afterEach, describe, expect, it } from 'vitest';
import { runtimeDigest, webSha256 } from '../src/digest.js';
import { sha256 } from '../src/hash.js';

// FIPS 180-2 appendix B.1: SHA-256("abc"), as the standard prints it (hex).
const ABC_HEX = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
const b64url = (hex: string) => Buffer.from(hex, 'hex').toString('base64url');

describe('the SHA-256 the entries key caches with', () => {
  const getBuiltinModule = process.getBuiltinModule;
  afterEach(() => {
    process.getBuiltinModule = getBuiltinModule;
  });

  it('WebCrypto and node:crypto give the same base64url digest (the standard vector, and a token-sized input)', async () => {
    expect(await webSha256('abc')).toBe(b64url(ABC_HEX));
    expect(sha256('abc')).toBe(b64url(ABC_HEX));
    const token = `eyJ${'x'.repeat(900)}é✓`;
    expect(await webSha256(token)).toBe(sha256(token));
  });

  it('runtimeDigest: synchronous where the runtime offers node:crypto through getBuiltinModule (Node)', () => {
    const digest = runtimeDigest();
    const out = digest('abc');
    expect(typeof out).toBe('string');
    expect(out).toBe(b64url(ABC_HEX));
  });

  it('runtimeDigest: WebCrypto (a promise) where there is no such module, or it hashes wrong', async () => {
    process.getBuiltinModule = undefined as unknown as typeof getBuiltinModule;
    expect(runtimeDigest()).toBe(webSha256);
    process.getBuiltinModule = ((id: string) =>
      id === 'node:crypto' ? { hash: () => 'wrong' } : undefined) as typeof getBuiltinModule;
    expect(runtimeDigest()).toBe(webSha256);
    await expect(runtimeDigest()('abc')).resolves.toBe(b64url(ABC_HEX));
  });
});
