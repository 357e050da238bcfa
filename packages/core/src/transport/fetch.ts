import { awsError, networkError } from '../awsError.js';
import { CredentialsError } from '../errors.js';
import type { ExchangeResult, Transport } from '../types.js';
import {
  type CallOptions,
  cognitoEndpoint,
  jsonObject,
  linkSignal,
  parseDate,
  stsEndpoint,
  throwIfAborted,
  validDate,
} from './common.js';

export interface FetchTransportOptions {
  /** Defaults to the global `fetch`. */
  fetch?: typeof fetch;
  /** Per-request timeout; a timeout counts as a `Network` failure. Default 10 s. */
  timeoutMs?: number;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * Reads the text of the first `<tag>` in an AWS Query XML document (enough for STS; no dependency). A
 * malformed character reference (`&#x110000;`) is a retryable `ServerError`, never a raw exception.
 *
 * @example
 * xmlText('<Error><Code>Throttling</Code></Error>', 'Code'); // 'Throttling'
 */
export function xmlText(xml: string, tag: string): string | undefined {
  // `[^<>]*` (not `[^>]*`) keeps a document full of unclosed `<Tag ` openings linear.
  const m = new RegExp(`<(?:\\w+:)?${tag}(?:\\s[^<>]*)?>([^<]*)</(?:\\w+:)?${tag}>`).exec(xml);
  return m?.[1]?.replace(/&(#x[\da-f]{1,8}|#\d{1,8}|\w{1,8});/gi, (all, e: string) => {
    if (e[0] !== '#') return ENTITIES[e] ?? all;
    const code = e[1] === 'x' || e[1] === 'X' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1));
    if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
      throw new CredentialsError(
        'ServerError',
        'AWS answered XML with an invalid character reference; the client retries.',
      );
    }
    return String.fromCodePoint(code);
  });
}

async function call(
  f: typeof fetch,
  service: string,
  url: string,
  init: RequestInit,
  opts: CallOptions,
  timeoutMs: number,
): Promise<{ status: number; text: string; date?: Date; headers: Headers }> {
  throwIfAborted(opts.signal);
  const link = linkSignal(opts.signal, timeoutMs);
  try {
    const res = await f(url, { ...init, method: 'POST', signal: link.signal, credentials: 'omit' });
    const text = await res.text();
    return { status: res.status, text, date: parseDate(res.headers.get('date')), headers: res.headers };
  } catch (e) {
    throwIfAborted(opts.signal);
    if (e instanceof CredentialsError) throw e;
    throw networkError(service, e, link.timedOut());
  } finally {
    link.done();
  }
}

function requireFields<T extends Record<string, unknown>>(service: string, obj: T, keys: (keyof T)[]): void {
  for (const k of keys) {
    if (obj[k] === undefined || obj[k] === '' || obj[k] === null) {
      throw new CredentialsError(
        'ServerError',
        `${service} answered without ${String(k)}; the client retries.`,
      );
    }
  }
}

/** A JSON field that must be text; anything else reads as missing. */
function text(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** Reads an AssumeRoleWithWebIdentity answer: credentials, or the error it carries as a `CredentialsError`. */
function stsResult(
  res: { status: number; text: string; date?: Date; headers: Headers },
  input: { durationSeconds?: number },
): ExchangeResult {
  const x = (tag: string) => xmlText(res.text, tag);
  if (res.status >= 300 || !res.text.includes('AssumeRoleWithWebIdentityResult')) {
    const code = x('Code') ?? '';
    throw awsError('STS', code, res.status < 300 ? 502 : res.status, x('Message'), {
      status: res.status,
      code,
      requestId: x('RequestId') ?? res.headers.get('x-amzn-requestid'),
    });
  }
  const out = {
    accessKeyId: x('AccessKeyId'),
    secretAccessKey: x('SecretAccessKey'),
    sessionToken: x('SessionToken'),
    expiration: parseDate(x('Expiration')),
  };
  requireFields('STS', out, ['accessKeyId', 'secretAccessKey', 'sessionToken', 'expiration']);
  return {
    ...(out as ExchangeResult),
    serverDate: res.date,
    durationSeconds: input.durationSeconds ?? 3600,
    identity: {
      subject: x('SubjectFromWebIdentityToken'),
      provider: x('Provider'),
      audience: x('Audience'),
      assumedRoleArn: x('Arn'),
    },
  };
}

/** Reads a GetCredentialsForIdentity answer; a missing or mistyped field is a retryable `ServerError`. */
function cognitoCredentials(
  json: Record<string, unknown>,
  date: Date | undefined,
  identityId: string,
): ExchangeResult {
  const c = (
    json.Credentials !== null && typeof json.Credentials === 'object' ? json.Credentials : {}
  ) as Record<string, unknown>;
  const exp = c.Expiration;
  const out = {
    accessKeyId: text(c.AccessKeyId),
    secretAccessKey: text(c.SecretKey),
    sessionToken: text(c.SessionToken),
    expiration: typeof exp === 'number' ? validDate(new Date(exp * 1000)) : parseDate(text(exp)),
  };
  requireFields('Cognito Identity', out, ['accessKeyId', 'secretAccessKey', 'sessionToken', 'expiration']);
  return {
    ...(out as ExchangeResult),
    serverDate: date,
    identity: { identityId: text(json.IdentityId) ?? identityId },
  };
}

/**
 * A transport on plain `fetch`: form-encoded STS, a tiny XML reader and JSON 1.1 for Cognito. Pick it
 * when bundle size matters (under 1 KB instead of ~50 KB gz of AWS SDK clients).
 *
 * @example
 * const client = createCredentialsClient({ region, source, getIdToken, transport: fetchTransport() });
 */
export function fetchTransport(options: FetchTransportOptions = {}): Transport {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const f = (...args: Parameters<typeof fetch>) => (options.fetch ?? fetch)(...args);

  async function cognito(target: string, body: unknown, opts: CallOptions) {
    const res = await call(
      f,
      'Cognito Identity',
      cognitoEndpoint(opts.region, opts.endpoint),
      {
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': `AWSCognitoIdentityService.${target}`,
        },
        body: JSON.stringify(body),
      },
      opts,
      timeoutMs,
    );
    const json = jsonObject(res.text);
    if (res.status < 300 && Object.keys(json).length === 0) {
      throw awsError('Cognito Identity', '', 502, 'unreadable response');
    }
    if (res.status >= 300) {
      const given = typeof json.__type === 'string' ? json.__type : res.headers.get('x-amzn-errortype');
      const type = (given ?? '').split(':')[0]!;
      throw awsError('Cognito Identity', type, res.status, json.message ?? json.Message, {
        status: res.status,
        code: type,
        requestId: res.headers.get('x-amzn-requestid'),
      });
    }
    return { json, date: res.date };
  }

  return {
    name: 'fetch',
    timeoutMs,
    async assumeRoleWithWebIdentity(input, opts) {
      const form = new URLSearchParams({
        Action: 'AssumeRoleWithWebIdentity',
        Version: '2011-06-15',
        RoleArn: input.roleArn,
        RoleSessionName: input.roleSessionName,
        WebIdentityToken: input.webIdentityToken,
      });
      if (input.durationSeconds !== undefined) form.set('DurationSeconds', String(input.durationSeconds));
      if (input.policy !== undefined) form.set('Policy', input.policy);
      if (input.providerId !== undefined) form.set('ProviderId', input.providerId);
      input.policyArns?.forEach((arn, i) => {
        form.set(`PolicyArns.member.${i + 1}.arn`, arn);
      });
      const res = await call(
        f,
        'STS',
        stsEndpoint(opts.region, opts.endpoint),
        {
          headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
          body: form.toString(),
        },
        opts,
        timeoutMs,
      );
      return stsResult(res, input);
    },
    async cognitoGetId(input, opts) {
      const { json, date } = await cognito(
        'GetId',
        { IdentityPoolId: input.identityPoolId, Logins: input.logins, AccountId: input.accountId },
        opts,
      );
      const identityId = text(json.IdentityId);
      requireFields('Cognito Identity', { identityId }, ['identityId']);
      return { identityId: identityId!, serverDate: date };
    },
    async cognitoGetOpenIdToken(input, opts) {
      const { json, date } = await cognito(
        'GetOpenIdToken',
        { IdentityId: input.identityId, Logins: input.logins },
        opts,
      );
      const token = text(json.Token);
      requireFields('Cognito Identity', { token }, ['token']);
      return {
        identityId: text(json.IdentityId) ?? input.identityId,
        token: token!,
        serverDate: date,
      };
    },
    async cognitoGetCredentialsForIdentity(input, opts) {
      const { json, date } = await cognito(
        'GetCredentialsForIdentity',
        { IdentityId: input.identityId, Logins: input.logins, CustomRoleArn: input.customRoleArn },
        opts,
      );
      return cognitoCredentials(json, date, input.identityId);
    },
  };
}
