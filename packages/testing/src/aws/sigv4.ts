import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** Why a SigV4 check failed; each service maps this to its own error code. */
export type SigV4FailureKind =
  | 'missing'
  | 'malformed'
  | 'unknown-key'
  | 'bad-token'
  | 'bad-signature'
  | 'expired-credentials'
  | 'skewed'
  | 'presign-expired'
  | 'wrong-region'
  | 'wrong-service'
  | 'content-sha-mismatch';

export class SigV4Failure extends Error {
  constructor(
    readonly kind: SigV4FailureKind,
    message: string,
  ) {
    super(message);
    this.name = 'SigV4Failure';
  }
}

/** The parts of a SigV4 signature, from the Authorization header or a presigned query. */
export interface ParsedSignature {
  accessKeyId: string;
  scopeDate: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
  amzDate: string;
  presigned: boolean;
  expiresSeconds?: number;
  securityToken?: string;
}

export const sha256Hex = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

const escapeUri = (s: string): string =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

const safeDecode = (s: string): string => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

const header = (req: IncomingMessage, name: string): string | undefined => {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(',') : v;
};

/** Parses SigV4 auth from a request; returns null when the request is not signed at all. */
export function parseSignature(req: IncomingMessage, query: URLSearchParams): ParsedSignature | null {
  const auth = header(req, 'authorization');
  const securityToken = header(req, 'x-amz-security-token') ?? query.get('X-Amz-Security-Token') ?? undefined;
  if (auth !== undefined) {
    if (!auth.startsWith('AWS4-HMAC-SHA256 ')) {
      throw new SigV4Failure(
        'malformed',
        `Authorization header is invalid: only AWS4-HMAC-SHA256 is supported.`,
      );
    }
    const fields = new Map<string, string>();
    for (const part of auth.slice('AWS4-HMAC-SHA256 '.length).split(',')) {
      const eq = part.indexOf('=');
      if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
    }
    const missing = ['Credential', 'SignedHeaders', 'Signature'].filter((f) => !fields.get(f));
    if (missing.length) {
      throw new SigV4Failure(
        'malformed',
        missing.map((f) => `Authorization header requires '${f}' parameter.`).join(' ') +
          ` Authorization=${auth.split(' ')[0]}`,
      );
    }
    const amzDate = header(req, 'x-amz-date');
    if (!amzDate) {
      throw new SigV4Failure(
        'malformed',
        "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
      );
    }
    return {
      ...parseCredential(fields.get('Credential')!),
      signedHeaders: fields.get('SignedHeaders')!.split(';'),
      signature: fields.get('Signature')!,
      amzDate,
      presigned: false,
      ...(securityToken !== undefined ? { securityToken } : {}),
    };
  }
  if (query.has('X-Amz-Signature') || query.has('X-Amz-Credential') || query.has('X-Amz-Algorithm')) {
    const required = [
      'X-Amz-Algorithm',
      'X-Amz-Credential',
      'X-Amz-Date',
      'X-Amz-SignedHeaders',
      'X-Amz-Signature',
    ];
    const missing = required.filter((f) => !query.get(f));
    if (missing.length) {
      throw new SigV4Failure(
        'malformed',
        `Query-string authentication requires the ${missing.join(', ')} parameter(s).`,
      );
    }
    if (query.get('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256') {
      throw new SigV4Failure('malformed', 'X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"');
    }
    const expires = Number(query.get('X-Amz-Expires') ?? '900');
    if (!Number.isInteger(expires) || expires < 1 || expires > 604800) {
      throw new SigV4Failure('malformed', 'X-Amz-Expires must be an integer between 1 and 604800.');
    }
    return {
      ...parseCredential(query.get('X-Amz-Credential')!),
      signedHeaders: query.get('X-Amz-SignedHeaders')!.split(';'),
      signature: query.get('X-Amz-Signature')!,
      amzDate: query.get('X-Amz-Date')!,
      presigned: true,
      expiresSeconds: expires,
      ...(securityToken !== undefined ? { securityToken } : {}),
    };
  }
  return null;
}

function parseCredential(credential: string) {
  const parts = credential.split('/');
  if (parts.length !== 5 || parts[4] !== 'aws4_request' || !/^\d{8}$/.test(parts[1] ?? '') || !parts[0]) {
    throw new SigV4Failure(
      'malformed',
      `Credential should be scoped with a valid terminator: 'aws4_request', in the form <key>/<date>/<region>/<service>/aws4_request.`,
    );
  }
  const [accessKeyId, scopeDate, region, service] = parts as [string, string, string, string];
  return { accessKeyId, scopeDate, region, service };
}

/** Parses `YYYYMMDDTHHMMSSZ`. */
export function parseAmzDate(s: string): Date | null {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  if (!m) return null;
  const d = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
  return Number.isNaN(d.getTime()) ? null : d;
}

export function formatAmzDate(d: Date): string {
  return d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

function canonicalPath(rawPath: string, service: string): string {
  if (service === 's3') return rawPath;
  const segments: string[] = [];
  for (const seg of rawPath.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') segments.pop();
    else segments.push(seg);
  }
  const normalized = `${rawPath.startsWith('/') ? '/' : ''}${segments.join('/')}${
    segments.length > 0 && rawPath.endsWith('/') ? '/' : ''
  }`;
  return escapeUri(normalized).replace(/%2F/g, '/');
}

function canonicalQuery(rawQuery: string): string {
  const pairs: [string, string][] = [];
  for (const part of rawQuery.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const key = safeDecode(eq < 0 ? part : part.slice(0, eq));
    const value = eq < 0 ? '' : safeDecode(part.slice(eq + 1));
    if (key === 'X-Amz-Signature') continue;
    pairs.push([escapeUri(key), escapeUri(value)]);
  }
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

function canonicalHeaderValue(req: IncomingMessage, name: string): string {
  const distinct = req.headersDistinct[name];
  const values = distinct ?? [];
  return values.map((v) => v.trim().replace(/\s+/g, ' ')).join(',');
}

function signingKey(secret: string, date: string, region: string, service: string): Buffer {
  const kDate = createHmac('sha256', `AWS4${secret}`).update(date).digest();
  const kRegion = createHmac('sha256', kDate).update(region).digest();
  const kService = createHmac('sha256', kRegion).update(service).digest();
  return createHmac('sha256', kService).update('aws4_request').digest();
}

/** Computes the expected signature and compares it (constant time) with the one sent. */
export function signatureMatches(
  req: IncomingMessage,
  rawPath: string,
  rawQuery: string,
  sig: ParsedSignature,
  secret: string,
  payloadHash: string,
): boolean {
  const canonicalRequest = [
    req.method ?? 'GET',
    canonicalPath(rawPath, sig.service),
    canonicalQuery(rawQuery),
    `${sig.signedHeaders.map((h) => `${h}:${canonicalHeaderValue(req, h)}`).join('\n')}\n`,
    sig.signedHeaders.join(';'),
    payloadHash,
  ].join('\n');
  const scope = `${sig.scopeDate}/${sig.region}/${sig.service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', sig.amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
  const expected = createHmac('sha256', signingKey(secret, sig.scopeDate, sig.region, sig.service))
    .update(stringToSign)
    .digest();
  const given = /^[0-9a-f]{64}$/.test(sig.signature) ? Buffer.from(sig.signature, 'hex') : Buffer.alloc(0);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Decodes an `aws-chunked` body (signed or unsigned chunks, optional trailers). */
export function decodeAwsChunked(body: Buffer): Buffer {
  const out: Buffer[] = [];
  let pos = 0;
  for (;;) {
    const lineEnd = body.indexOf('\r\n', pos);
    if (lineEnd < 0) throw new Error('malformed aws-chunked body');
    const sizeHex = body.subarray(pos, lineEnd).toString('latin1').split(';')[0]!.trim();
    const size = Number.parseInt(sizeHex, 16);
    if (!Number.isFinite(size) || size < 0) throw new Error('malformed aws-chunked body');
    pos = lineEnd + 2;
    if (size === 0) break;
    if (pos + size > body.length) throw new Error('truncated aws-chunked body');
    out.push(body.subarray(pos, pos + size));
    pos += size + 2;
  }
  return Buffer.concat(out);
}
