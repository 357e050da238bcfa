import { createHash, randomBytes } from 'node:crypto';
import { authenticate, type KitState, type RequestCtx, type ServiceResponse } from './context.js';
import { AwsError, xmlEscape } from './errors.js';
import { evaluate, type PolicyContext } from './policy.js';
import { decodeAwsChunked, sha256Hex } from './sigv4.js';
import type { Principal } from './state.js';

interface StoredObject {
  body: Buffer;
  contentType: string;
  etag: string;
  lastModified: Date;
  metadata: Record<string, string>;
}

/** @internal The objects of the S3 subset, in memory. */
export class S3Store {
  readonly buckets = new Map<string, Map<string, StoredObject>>();
  constructor(names: string[]) {
    for (const name of names) this.buckets.set(name, new Map());
  }
}

function splitPath(rawPath: string): { bucket: string; key: string } {
  const path = rawPath.startsWith('/') ? rawPath.slice(1) : rawPath;
  const slash = path.indexOf('/');
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      throw new AwsError('InvalidURI', "Couldn't parse the specified URI.");
    }
  };
  if (slash < 0) return { bucket: decode(path), key: '' };
  return { bucket: decode(path.slice(0, slash)), key: decode(path.slice(slash + 1)) };
}

/** The S3 API action a request maps to (for calls() and fault scopes). */
export function s3Action(method: string, rawPath: string, query: URLSearchParams): string {
  let parts: { bucket: string; key: string };
  try {
    parts = splitPath(rawPath);
  } catch {
    return 'Unknown';
  }
  if (!parts.bucket) return method === 'GET' ? 'ListBuckets' : 'Unknown';
  if (!parts.key) {
    if (method === 'GET') return query.get('list-type') === '2' ? 'ListObjectsV2' : 'ListObjects';
    if (method === 'HEAD') return 'HeadBucket';
    if (method === 'POST' && query.has('delete')) return 'DeleteObjects';
    return 'Unknown';
  }
  switch (method) {
    case 'PUT':
      return 'PutObject';
    case 'GET':
      return 'GetObject';
    case 'HEAD':
      return 'HeadObject';
    case 'DELETE':
      return 'DeleteObject';
    default:
      return 'Unknown';
  }
}

const POLICY_ACTION: Record<string, string> = {
  PutObject: 's3:PutObject',
  GetObject: 's3:GetObject',
  HeadObject: 's3:GetObject',
  DeleteObject: 's3:DeleteObject',
  ListObjectsV2: 's3:ListBucket',
  HeadBucket: 's3:ListBucket',
};

function authorize(principal: Principal, action: string, resource: string, extra: PolicyContext): void {
  const context = { ...principal.context, ...extra };
  const req = { action, resource, context };
  const identity = evaluate(principal.permissions, req);
  const session =
    principal.kind === 'session' && principal.sessionPolicies
      ? evaluate(principal.sessionPolicies, req)
      : 'allow';
  const who = `User: ${principal.arn} is not authorized to perform: ${action} on resource: "${resource}"`;
  if (identity === 'deny')
    throw new AwsError('AccessDenied', `${who} with an explicit deny in an identity-based policy`, 403);
  if (session === 'deny')
    throw new AwsError('AccessDenied', `${who} with an explicit deny in a session policy`, 403);
  if (identity !== 'allow')
    throw new AwsError(
      'AccessDenied',
      `${who} because no identity-based policy allows the ${action} action`,
      403,
    );
  if (session !== 'allow')
    throw new AwsError('AccessDenied', `${who} because no session policy allows the ${action} action`, 403);
}

/** Answers the S3 subset, path-style: PutObject, GetObject, HeadObject, DeleteObject, ListObjectsV2. */
export async function handleS3(kit: KitState, store: S3Store, ctx: RequestCtx): Promise<ServiceResponse> {
  const { req, query } = ctx;
  const action = ctx.record.action;
  const { bucket, key } = splitPath(ctx.rawPath);
  ctx.record.resource = key ? `${bucket}/${key}` : bucket;
  const claimedHash = req.headers['x-amz-content-sha256'];
  const payloadHash = typeof claimedHash === 'string' ? claimedHash : undefined;
  if (payloadHash && /^[0-9a-f]{64}$/.test(payloadHash) && sha256Hex(ctx.body) !== payloadHash) {
    throw new AwsError(
      'XAmzContentSHA256Mismatch',
      "The provided 'x-amz-content-sha256' header does not match what was computed.",
    );
  }
  // SigV4 failures are mapped to S3's codes (InvalidAccessKeyId, SignatureDoesNotMatch, ...) by the server.
  const principal: Principal = authenticate(kit, ctx, 's3', payloadHash).principal;
  const policyAction = POLICY_ACTION[action];
  if (!policyAction) throw new AwsError('NotImplemented', `The local S3 does not implement ${action}.`, 501);
  const objects = store.buckets.get(bucket);
  if (!objects) throw new AwsError('NoSuchBucket', 'The specified bucket does not exist', 404);
  const id2 = randomBytes(24).toString('base64');

  if (action === 'ListObjectsV2' || action === 'HeadBucket') {
    const prefix = query.get('prefix') ?? '';
    const delimiter = query.get('delimiter') ?? '';
    authorize(principal, policyAction, `arn:aws:s3:::${bucket}`, {
      ...(query.has('prefix') ? { 's3:prefix': prefix } : {}),
      ...(query.has('delimiter') ? { 's3:delimiter': delimiter } : {}),
      ...(query.has('max-keys') ? { 's3:max-keys': query.get('max-keys')! } : {}),
    });
    if (action === 'HeadBucket')
      return { status: 200, headers: { 'x-amz-id-2': id2, 'x-amz-bucket-region': kit.region } };
    return {
      status: 200,
      headers: { 'Content-Type': 'application/xml', 'x-amz-id-2': id2 },
      body: listV2(bucket, objects, query),
    };
  }

  authorize(principal, policyAction, `arn:aws:s3:::${bucket}/${key}`, {});
  switch (action) {
    case 'PutObject': {
      if (req.headers['x-amz-copy-source'])
        throw new AwsError('NotImplemented', 'The local S3 does not implement CopyObject.', 501);
      const chunked =
        String(req.headers['content-encoding'] ?? '').includes('aws-chunked') ||
        (payloadHash ?? '').startsWith('STREAMING-');
      let body = ctx.body;
      if (chunked) {
        try {
          body = decodeAwsChunked(ctx.body);
        } catch {
          throw new AwsError('IncompleteBody', 'The request body terminated unexpectedly');
        }
      }
      const etag = `"${createHash('md5').update(body).digest('hex')}"`;
      const metadata: Record<string, string> = {};
      for (const [h, v] of Object.entries(req.headers))
        if (h.startsWith('x-amz-meta-') && typeof v === 'string') metadata[h] = v;
      objects.set(key, {
        body,
        contentType: String(req.headers['content-type'] ?? 'binary/octet-stream'),
        etag,
        lastModified: new Date(Math.floor(ctx.now.getTime() / 1000) * 1000),
        metadata,
      });
      return { status: 200, headers: { ETag: etag, 'x-amz-id-2': id2 } };
    }
    case 'GetObject':
    case 'HeadObject': {
      const obj = objects.get(key);
      if (!obj) throw new AwsError('NoSuchKey', 'The specified key does not exist.', 404);
      return {
        status: 200,
        headers: {
          'Content-Type': obj.contentType,
          'Content-Length': String(obj.body.length),
          ETag: obj.etag,
          'Last-Modified': obj.lastModified.toUTCString(),
          'Accept-Ranges': 'bytes',
          'x-amz-id-2': id2,
          ...obj.metadata,
        },
        body: action === 'GetObject' ? obj.body : '',
      };
    }
    case 'DeleteObject':
      objects.delete(key);
      return { status: 204, headers: { 'x-amz-id-2': id2 } };
    default:
      throw new AwsError('NotImplemented', `The local S3 does not implement ${action}.`, 501);
  }
}

function listV2(bucket: string, objects: Map<string, StoredObject>, query: URLSearchParams): string {
  const prefix = query.get('prefix') ?? '';
  const delimiter = query.get('delimiter') ?? '';
  const rawMax = query.get('max-keys');
  const maxKeys = rawMax === null ? 1000 : Number(rawMax);
  if (!Number.isInteger(maxKeys) || maxKeys < 0)
    throw new AwsError('InvalidArgument', 'Provided max-keys not an integer or within integer range');
  const limit = Math.min(maxKeys, 1000);
  const token = query.get('continuation-token');
  let after = query.get('start-after') ?? '';
  if (token !== null) {
    const decoded = Buffer.from(token, 'base64url').toString('utf8');
    if (!decoded.startsWith('k:'))
      throw new AwsError('InvalidArgument', 'The continuation token provided is incorrect');
    after = decoded.slice(2);
  }
  const urlEncode = query.get('encoding-type') === 'url';
  const enc = (s: string) => xmlEscape(urlEncode ? encodeURIComponent(s).replace(/%2F/g, '/') : s);
  const keys = [...objects.keys()]
    .filter((k) => k.startsWith(prefix) && k > after)
    .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  const contents: string[] = [];
  const prefixes: string[] = [];
  let last = '';
  let truncated = false;
  for (const key of keys) {
    if (contents.length + prefixes.length >= limit) {
      truncated = true;
      break;
    }
    if (delimiter) {
      const rest = key.slice(prefix.length);
      const at = rest.indexOf(delimiter);
      if (at >= 0) {
        const common = prefix + rest.slice(0, at + delimiter.length);
        if (prefixes.at(-1) !== common) prefixes.push(common);
        last = key;
        continue;
      }
    }
    const obj = objects.get(key)!;
    contents.push(
      `<Contents><Key>${enc(key)}</Key><LastModified>${obj.lastModified.toISOString()}</LastModified>` +
        `<ETag>${xmlEscape(obj.etag)}</ETag><Size>${obj.body.length}</Size><StorageClass>STANDARD</StorageClass></Contents>`,
    );
    last = key;
  }
  if (truncated && delimiter && prefixes.length) {
    // Skip the rest of the last common prefix on the next page.
    const lastPrefix = prefixes.at(-1)!;
    if (last.startsWith(lastPrefix)) last = `${lastPrefix}\uffff`;
  }
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">' +
    `<Name>${xmlEscape(bucket)}</Name><Prefix>${enc(prefix)}</Prefix>` +
    (delimiter ? `<Delimiter>${enc(delimiter)}</Delimiter>` : '') +
    `<MaxKeys>${maxKeys}</MaxKeys><KeyCount>${contents.length + prefixes.length}</KeyCount>` +
    `<IsTruncated>${truncated}</IsTruncated>` +
    (urlEncode ? '<EncodingType>url</EncodingType>' : '') +
    (token !== null ? `<ContinuationToken>${xmlEscape(token)}</ContinuationToken>` : '') +
    (truncated
      ? `<NextContinuationToken>${Buffer.from(`k:${last}`).toString('base64url')}</NextContinuationToken>`
      : '') +
    (query.has('start-after') ? `<StartAfter>${enc(query.get('start-after')!)}</StartAfter>` : '') +
    contents.join('') +
    prefixes.map((p) => `<CommonPrefixes><Prefix>${enc(p)}</Prefix></CommonPrefixes>`).join('') +
    '</ListBucketResult>'
  );
}
