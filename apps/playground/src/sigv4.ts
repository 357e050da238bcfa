import { maskAccessKeyId } from '@web-identity/react';
import { masked } from './mask.js';

/** The parts of a signed SDK request the view needs (a smithy `HttpRequest`). */
export interface SignedRequest {
  method: string;
  protocol?: string;
  hostname: string;
  port?: number;
  path: string;
  query?: Record<string, string | string[] | null>;
  headers: Record<string, string>;
}

/** What the playground shows of one signed call: nothing here can sign anything. */
export interface SignedView {
  canonicalRequest: string;
  stringToSign: string;
  authorization: string;
  /** Whether HMAC over the string-to-sign with the in-memory secret gives the Signature the SDK sent. */
  signatureCheck: 'matches' | 'differs' | 'not checked';
}

const enc = new TextEncoder();
const hex = (buf: ArrayBuffer) =>
  [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, '0')).join('');
const sha256 = async (text: string) => hex(await crypto.subtle.digest('SHA-256', enc.encode(text)));
async function hmac(key: ArrayBuffer | Uint8Array, text: string): Promise<ArrayBuffer> {
  const k = await crypto.subtle.importKey(
    'raw',
    key as BufferSource,
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  return crypto.subtle.sign('HMAC', k, enc.encode(text));
}
const rfc3986 = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

function header(req: SignedRequest, name: string): string | undefined {
  const hit = Object.keys(req.headers).find((k) => k.toLowerCase() === name);
  return hit === undefined ? undefined : req.headers[hit];
}

/** SigV4's canonical request for `req`, with the session token replaced by `tokenAs` (S3: path as sent). */
function canonical(req: SignedRequest, signedHeaders: string[], tokenAs: (token: string) => string): string {
  const query = Object.entries(req.query ?? {})
    .flatMap(([k, v]) => (v === null ? [[k, '']] : Array.isArray(v) ? v.map((x) => [k, x]) : [[k, v]]))
    .map(([k, v]) => `${rfc3986(k!)}=${rfc3986(v!)}`)
    .sort()
    .join('&');
  const headers = signedHeaders.map((name) => {
    const value = (header(req, name) ?? '').trim().replace(/\s+/g, ' ');
    return `${name}:${name === 'x-amz-security-token' ? tokenAs(value) : value}`;
  });
  return [
    req.method,
    req.path,
    query,
    ...headers,
    '',
    signedHeaders.join(';'),
    header(req, 'x-amz-content-sha256') ?? 'UNSIGNED-PAYLOAD',
  ].join('\n');
}

/**
 * Rebuilds the canonical request and string-to-sign of a request the SDK signed, for display: the session
 * token and the access key are masked, the secret is never shown. With the in-memory credentials it also
 * recomputes the signature, so the page can say the shown string-to-sign is really what was signed.
 */
export async function describeSigned(
  req: SignedRequest,
  credentials: { accessKeyId: string; secretAccessKey: string } | null,
): Promise<SignedView> {
  const auth = header(req, 'authorization') ?? '';
  const m = /Credential=([^/]+)\/([^,]+), SignedHeaders=([^,]+), Signature=([0-9a-f]+)/.exec(auth);
  if (!m)
    return {
      canonicalRequest: '',
      stringToSign: '',
      authorization: '(not signed)',
      signatureCheck: 'not checked',
    };
  const [, keyId, scope, signed, signature] = m as unknown as [string, string, string, string, string];
  const signedHeaders = signed.split(';');
  const amzDate = header(req, 'x-amz-date') ?? '';
  const real = canonical(req, signedHeaders, (t) => t);
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, await sha256(real)].join('\n');
  let signatureCheck: SignedView['signatureCheck'] = 'not checked';
  if (credentials && credentials.accessKeyId === keyId) {
    const [date, region, service] = scope.split('/') as [string, string, string];
    let key: ArrayBuffer = await hmac(enc.encode(`AWS4${credentials.secretAccessKey}`), date);
    for (const part of [region, service, 'aws4_request']) key = await hmac(key, part);
    signatureCheck = hex(await hmac(key, stringToSign)) === signature ? 'matches' : 'differs';
  }
  return {
    canonicalRequest: canonical(req, signedHeaders, (t) => `(session token: ${masked(t)})`),
    stringToSign,
    authorization: `AWS4-HMAC-SHA256 Credential=${maskAccessKeyId(keyId)}/${scope}, SignedHeaders=${signed}, Signature=${signature.slice(0, 8)}…`,
    signatureCheck,
  };
}
