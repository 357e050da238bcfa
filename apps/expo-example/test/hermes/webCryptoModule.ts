/**
 * What an app installs when it wants core's `signedFetch` / `signRequest` on React Native: a WebCrypto module
 * (react-native-quick-crypto and the like put `crypto.subtle` on the global object, computing natively). Here the
 * host computes SHA-256 and HMAC-SHA-256 for it (node:crypto), over the same bridge as the other native modules.
 * Also `TextEncoder`, which Hermes has built in since React Native 0.74 but this 0.12 VM does not.
 *
 * Installed only around the `signed-fetch-s3` scenario: the rest of the run proves core needs no `crypto`.
 */
import { hostCall } from './rnGlobals';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function toBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += ALPHABET[(n >> 18) & 63] + ALPHABET[(n >> 12) & 63];
    out += i + 1 < bytes.length ? ALPHABET[(n >> 6) & 63] : '=';
    out += i + 2 < bytes.length ? ALPHABET[n & 63] : '=';
  }
  return out;
}

function fromBase64(text: string): ArrayBuffer {
  const clean = text.replace(/=+$/, '');
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let acc = 0;
  let bits = 0;
  let at = 0;
  for (const c of clean) {
    acc = (acc << 6) | ALPHABET.indexOf(c);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[at++] = (acc >> bits) & 0xff;
    }
  }
  return out.buffer;
}

function bytesOf(data: ArrayBuffer | ArrayBufferView): Uint8Array {
  return data instanceof ArrayBuffer
    ? new Uint8Array(data)
    : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

const nameOf = (alg: string | { name: string }) => (typeof alg === 'string' ? alg : alg.name).toUpperCase();

/** A raw HMAC key, as `importKey` hands it back (its bytes stay in the VM, as a native module's handle would). */
class RawKey {
  readonly type = 'secret';
  readonly extractable = false;
  constructor(
    readonly raw: string,
    readonly algorithm: { name: string; hash: string },
    readonly usages: string[],
  ) {}
}

const subtle = {
  async digest(algorithm: string | { name: string }, data: ArrayBuffer | ArrayBufferView) {
    if (nameOf(algorithm) !== 'SHA-256') throw new Error(`digest: ${nameOf(algorithm)} is not supported`);
    return fromBase64((await hostCall('crypto.sha256', { data: toBase64(bytesOf(data)) })) as string);
  },
  async importKey(
    format: string,
    keyData: ArrayBuffer | ArrayBufferView,
    algorithm: { name: string; hash: string | { name: string } },
    _extractable: boolean,
    usages: string[],
  ) {
    if (format !== 'raw' || nameOf(algorithm) !== 'HMAC' || nameOf(algorithm.hash) !== 'SHA-256')
      throw new Error('importKey: only raw HMAC SHA-256 keys are supported');
    return new RawKey(toBase64(bytesOf(keyData)), { name: 'HMAC', hash: 'SHA-256' }, usages);
  },
  async sign(algorithm: string | { name: string }, key: RawKey, data: ArrayBuffer | ArrayBufferView) {
    if (nameOf(algorithm) !== 'HMAC' || !(key instanceof RawKey))
      throw new Error('sign: only HMAC is supported');
    return fromBase64(
      (await hostCall('crypto.hmacSha256', { key: key.raw, data: toBase64(bytesOf(data)) })) as string,
    );
  },
};

/** UTF-8 encoding, as Hermes's built-in `TextEncoder` does. */
class Utf8Encoder {
  readonly encoding = 'utf-8';
  encode(text = ''): Uint8Array {
    const escaped = encodeURIComponent(text);
    const out: number[] = [];
    for (let i = 0; i < escaped.length; i++) {
      if (escaped[i] === '%') {
        out.push(Number.parseInt(escaped.slice(i + 1, i + 3), 16));
        i += 2;
      } else out.push(escaped.charCodeAt(i));
    }
    return new Uint8Array(out);
  }
}

/** Puts `crypto.subtle` and `TextEncoder` on the global object; returns the function that takes them away. */
export function installWebCryptoModule(): () => void {
  const g = globalThis as Record<string, unknown>;
  g.crypto = { subtle };
  g.TextEncoder = Utf8Encoder;
  return () => {
    delete g.crypto;
    delete g.TextEncoder;
  };
}
