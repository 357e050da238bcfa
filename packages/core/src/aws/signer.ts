import type {
  AwsCredentialIdentity,
  AwsCredentialIdentityProvider,
  Checksum,
  SourceData,
} from '@smithy/types';
import { CredentialsError } from '../errors.js';
import { webCrypto } from '../platform/platform.js';
import type { CredentialsClient } from '../types.js';

function bytes(data: SourceData): Uint8Array {
  if (typeof data === 'string') return new TextEncoder().encode(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return new Uint8Array(data);
}

/**
 * SHA-256 / HMAC-SHA-256 on Web Crypto (browsers, workers, Node ≥ 20), in the shape the SigV4 signer wants.
 *
 * @example
 * new SignatureV4({ credentials, region, service: 'execute-api', sha256: WebCryptoSha256 });
 */
export class WebCryptoSha256 implements Checksum {
  private chunks: Uint8Array[] = [];
  constructor(private readonly secret?: SourceData) {}
  update(data: Uint8Array | SourceData): void {
    this.chunks.push(bytes(data).slice());
  }
  async digest(): Promise<Uint8Array> {
    const data = new Uint8Array(this.chunks.reduce((n, c) => n + c.length, 0));
    let at = 0;
    for (const c of this.chunks) {
      data.set(c, at);
      at += c.length;
    }
    const subtle = webCrypto();
    if (!subtle)
      throw new CredentialsError('Configuration', 'signing needs Web Crypto (crypto.subtle): none here.');
    if (this.secret === undefined) return new Uint8Array(await subtle.digest('SHA-256', data));
    const key = await subtle.importKey(
      'raw',
      bytes(this.secret).slice(),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign'],
    );
    return new Uint8Array(await subtle.sign('HMAC', key, data));
  }
  reset(): void {
    this.chunks = [];
  }
}

/** Options of `signRequest` / `signedFetch`: the SigV4 service and region, and the credentials provider. */
export interface SignRequestOptions {
  /** A credentials client, its `provider`, or a credentials object. */
  credentials: CredentialsClient | AwsCredentialIdentityProvider | AwsCredentialIdentity;
  /** Region of the endpoint, e.g. `eu-west-1`. */
  region: string;
  /** Signing name: `execute-api` (API Gateway, default), `lambda` (function URLs), `s3`, ... */
  service?: string;
}

function credentialsOf(c: SignRequestOptions['credentials']): () => Promise<AwsCredentialIdentity> {
  if (typeof c === 'function') return () => c();
  if (c && typeof (c as CredentialsClient).getCredentials === 'function') {
    return () => (c as CredentialsClient).getCredentials();
  }
  return async () => c as AwsCredentialIdentity;
}

/** AWS's UriEncode: every byte but `A-Z a-z 0-9 - _ . ~` percent-encoded (`encodeURIComponent` spares `!'()*`). */
function uriEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * Percent-decoding only (a `+` stays a `+`). A run that is not UTF-8 keeps its non-ASCII escapes literal, so
 * they are sent as `%25XX` (S3 keys are UTF-8; a server would refuse them anyway).
 */
function uriDecode(s: string): string {
  return s.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run.replace(/%([0-9A-Fa-f]{2})/g, (percentHex, hex: string) => {
        const byte = Number.parseInt(hex, 16);
        return byte < 0x80 ? String.fromCharCode(byte) : percentHex;
      });
    }
  });
}

/**
 * The path as AWS canonicalises it, used on the wire too so both agree: S3 decodes the whole path into a key
 * (`%2F` is a `/`) and encodes each segment once; other services keep `%2F` inside its segment.
 */
function canonicalWirePath(pathname: string, service: string): string {
  if (service === 's3')
    return pathname.split('/').map(uriDecode).join('/').split('/').map(uriEncode).join('/');
  return pathname
    .split('/')
    .map((segment) => uriEncode(uriDecode(segment)))
    .join('/');
}

/**
 * The query as `[name, value]` pairs in order, percent-decoded without turning `+` into a space (AWS reads a
 * `+` as a `+`; `URLSearchParams` would sign a space), plus its wire form with every pair encoded once.
 */
function canonicalQuery(search: string): { query: Record<string, string | string[]>; wire: string } {
  const query: Record<string, string | string[]> = {};
  const wire: string[] = [];
  for (const part of search.replace(/^\?/, '').split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const k = uriDecode(eq < 0 ? part : part.slice(0, eq));
    const v = eq < 0 ? '' : uriDecode(part.slice(eq + 1));
    const prev = query[k];
    query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
    wire.push(`${uriEncode(k)}=${uriEncode(v)}`);
  }
  return { query, wire: wire.join('&') };
}

/**
 * SigV4-signs a request for an IAM-authorized endpoint (API Gateway `execute-api`, Lambda function URLs)
 * with the current credentials. The body is read to hash it; the signer is loaded on first use.
 *
 * @example
 * const signed = await signRequest(new Request(url, { method: 'POST', body }), { credentials: client, region: 'eu-west-1' });
 * const res = await fetch(signed);
 */
export async function signRequest(request: Request, options: SignRequestOptions): Promise<Request> {
  if (!options || typeof options.region !== 'string' || !options.credentials) {
    throw new CredentialsError('Configuration', 'signRequest: credentials and region are required.');
  }
  const service = options.service ?? 'execute-api';
  const url = new URL(request.url);
  const body =
    request.method === 'GET' || request.method === 'HEAD'
      ? undefined
      : new Uint8Array(await request.clone().arrayBuffer());
  const headers: Record<string, string> = {};
  request.headers.forEach((v, k) => {
    headers[k] = v;
  });
  headers.host = url.host;
  // Sign exactly what is sent: path and query are rewritten to their canonical encoding first. The URL sent is
  // built as text: React Native's `URL` has no `pathname` setter.
  const path = canonicalWirePath(url.pathname, service);
  const { query, wire } = canonicalQuery(url.search);
  const target = `${url.protocol}//${url.host}${path}${wire === '' ? '' : `?${wire}`}`;
  const { SignatureV4 } = await import('@smithy/signature-v4');
  const signer = new SignatureV4({
    credentials: credentialsOf(options.credentials),
    region: options.region,
    service,
    sha256: WebCryptoSha256,
    uriEscapePath: service !== 's3',
    applyChecksum: service === 's3',
  });
  const signed = await signer.sign({
    method: request.method,
    protocol: url.protocol,
    hostname: url.hostname,
    port: url.port ? Number(url.port) : undefined,
    path,
    query,
    headers,
    body: body && body.byteLength > 0 ? body : undefined,
  });
  const out = new Headers();
  for (const [k, v] of Object.entries(signed.headers)) if (k !== 'host') out.set(k, v);
  return new Request(target, {
    method: request.method,
    headers: out,
    body: body && body.byteLength > 0 ? body : undefined,
    signal: request.signal,
    credentials: request.credentials,
    mode: request.mode,
    redirect: request.redirect,
  });
}

/**
 * A `fetch` that SigV4-signs every request with the client's current credentials.
 *
 * @example
 * const api = signedFetch({ credentials: client, region: 'eu-west-1' });
 * const res = await api('https://abc.execute-api.eu-west-1.amazonaws.com/prod/photos');
 */
export function signedFetch(
  options: SignRequestOptions & { fetch?: typeof fetch },
): (input: RequestInfo | URL, init?: RequestInit) => Promise<Response> {
  return async (input, init) =>
    (options.fetch ?? fetch)(await signRequest(new Request(input, init), options));
}
