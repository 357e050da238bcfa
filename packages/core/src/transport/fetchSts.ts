import { awsError } from '../aws/awsError.js';
import { CredentialsError } from '../errors.js';
import type { ExchangeResult, Transport } from '../types.js';
import { parseDate, stsEndpoint } from './common.js';
import { call, type FetchAnswer, requireFields } from './fetchCall.js';

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

/** Reads an AssumeRoleWithWebIdentity answer: credentials, or the error it carries as a `CredentialsError`. */
function stsResult(res: FetchAnswer, input: { durationSeconds?: number }): ExchangeResult {
  const x = (tag: string) => xmlText(res.text, tag);
  if (res.status >= 300 || !res.text.includes('AssumeRoleWithWebIdentityResult')) {
    const code = x('Code') ?? '';
    throw awsError('STS', {
      code,
      status: res.status < 300 ? 502 : res.status,
      message: x('Message'),
      cause: { status: res.status, code, requestId: x('RequestId') ?? res.headers.get('x-amzn-requestid') },
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

/** STS AssumeRoleWithWebIdentity over `fetch`: a form-encoded, unsigned POST and its XML answer. */
export function stsOverFetch(f: typeof fetch, timeoutMs: number): Transport['assumeRoleWithWebIdentity'] {
  return async (input, opts) => {
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
    const res = await call(f, {
      service: 'STS',
      url: stsEndpoint(opts.region, opts.endpoint),
      init: {
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
        body: form.toString(),
      },
      opts,
      timeoutMs,
    });
    return stsResult(res, input);
  };
}
