// Security review finding 6: signRequest must sign what AWS will canonicalise. Differential test against
// @smithy/signature-v4 (the SDK's own signer) fed with requests built the way AWS defines them — S3 paths
// encoded once per segment (no double encoding), other services' paths encoded again by the signer (double
// encoding) — over a corpus of awkward keys and queries; then the same keys through the local kit.
import { SignatureV4 } from '@smithy/signature-v4';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { signRequest, WebCryptoSha256 } from '../src/index.js';

const credentials = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
};
const region = 'eu-west-1';

/** AWS's UriEncode, written byte by byte from the spec (not with encodeURIComponent, which the signer uses). */
function awsUriEncode(s: string): string {
  let out = '';
  for (const b of new TextEncoder().encode(s)) {
    const c = String.fromCharCode(b);
    out += /[A-Za-z0-9\-_.~]/.test(c) ? c : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** A path segment or query part as a user might write it: some characters raw where a URL allows them. */
function written(s: string): string {
  return [...s].map((c) => (/[()!*'+$,;:@]/.test(c) ? c : encodeURIComponent(c))).join('');
}

const KEYS = [
  'plain.txt',
  'with space.txt',
  'plus+sign.txt',
  "paren(s)!star*quote'.txt",
  'ümlaut-日本-😀.txt',
  'percent%25literal.txt',
  'tilde~dash-under_score.txt',
  'a=b&c;d,e$f:g@h.txt',
];

const QUERIES: [string, string][][] = [
  [],
  [['q', 'a b']],
  [['q', 'a+b']],
  [['q', "()!*'"]],
  [['path', 'a/b%2Fc']],
  [['ü', '日本😀']],
  [['empty', '']],
  [
    ['k', '2'],
    ['k', '1'],
    ['a', 'x'],
  ],
  [
    ['x-id', 'GetObject'],
    ['versionId', '3/L4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY+MTRCxf3vjVBH40Nr8X8gdRQBpUMLUo'],
  ],
];

function queryRecord(pairs: [string, string][]): Record<string, string | string[]> {
  const q: Record<string, string | string[]> = {};
  for (const [k, v] of pairs) {
    const prev = q[k];
    q[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return q;
}

async function reference(
  service: string,
  path: string,
  query: Record<string, string | string[]>,
  host: string,
) {
  const signer = new SignatureV4({
    credentials,
    region,
    service,
    sha256: WebCryptoSha256,
    uriEscapePath: service !== 's3',
    applyChecksum: service === 's3',
  });
  const signed = await signer.sign({
    method: 'GET',
    protocol: 'https:',
    hostname: host,
    path,
    query,
    headers: { host },
  });
  return signed.headers.authorization;
}

/** What a server reads from the wire: the path decoded, the query percent-decoded (`+` is a `+`). */
function readWire(url: URL) {
  const pairs = url.search
    .slice(1)
    .split('&')
    .filter(Boolean)
    .map((p) => {
      const eq = p.indexOf('=');
      return [decodeURIComponent(p.slice(0, eq)), decodeURIComponent(p.slice(eq + 1))] as [string, string];
    });
  return { path: decodeURIComponent(url.pathname), pairs };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-11-24T12:00:00Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('finding 6: signRequest agrees with the SDK signer', () => {
  const host = 'example.amazonaws.com';
  for (const key of KEYS) {
    for (const pairs of QUERIES) {
      const search = pairs.map(([k, v]) => `${written(k)}=${written(v)}`).join('&');
      const input = `https://${host}/bucket/dir/${written(key)}${search ? `?${search}` : ''}`;

      it(`s3 (no double encoding): ${input.slice(host.length + 8)}`, async () => {
        const signed = await signRequest(new Request(input), { credentials, region, service: 's3' });
        const expected = await reference('s3', `/bucket/dir/${awsUriEncode(key)}`, queryRecord(pairs), host);
        expect(signed.headers.get('authorization')).toBe(expected);
        expect(readWire(new URL(signed.url))).toEqual({ path: `/bucket/dir/${key}`, pairs });
      });

      it(`execute-api (double encoding): ${input.slice(host.length + 8)}`, async () => {
        const signed = await signRequest(new Request(input), { credentials, region });
        const expected = await reference(
          'execute-api',
          `/bucket/dir/${awsUriEncode(key)}`,
          queryRecord(pairs),
          host,
        );
        expect(signed.headers.get('authorization')).toBe(expected);
        expect(readWire(new URL(signed.url))).toEqual({ path: `/bucket/dir/${key}`, pairs });
      });
    }
  }

  it('%2F: a key separator for S3, an encoded slash inside its segment elsewhere', async () => {
    const input = `https://${host}/bucket/a%2Fb/c`;
    const s3 = await signRequest(new Request(input), { credentials, region, service: 's3' });
    expect(new URL(s3.url).pathname).toBe('/bucket/a/b/c');
    expect(s3.headers.get('authorization')).toBe(await reference('s3', '/bucket/a/b/c', {}, host));
    const api = await signRequest(new Request(input), { credentials, region });
    expect(new URL(api.url).pathname).toBe('/bucket/a%2Fb/c');
    expect(api.headers.get('authorization')).toBe(
      await reference('execute-api', '/bucket/a%2Fb/c', {}, host),
    );
  });
});
