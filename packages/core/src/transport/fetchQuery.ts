/** The AWS Query protocol over `fetch` (STS): a form-encoded POST and its XML answer, read by tag. */
import { awsError } from '../aws/awsError.js';
import { CredentialsError } from '../errors.js';
import type { AwsAnswer, HttpAnswer, WireProtocol } from '../types.js';

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

/** The form of a Query request: lists as `Name.member.N` (their objects' fields as `Name.member.N.field`). */
export function queryForm(action: string, version: string, params: Record<string, unknown>): string {
  const form = new URLSearchParams({ Action: action, Version: version });
  const add = (key: string, value: unknown) => {
    if (value === undefined || value === null) return;
    if (Array.isArray(value)) {
      for (const [i, v] of value.entries()) add(`${key}.member.${i + 1}`, v);
    } else if (typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) add(`${key}.${k}`, v);
    } else form.set(key, String(value));
  };
  for (const [k, v] of Object.entries(params)) add(k, v);
  return form.toString();
}

/** A Query answer's fields by tag, or the error it carries as a `CredentialsError`. */
function queryAnswer(service: string, action: string, res: HttpAnswer): AwsAnswer {
  const x = (tag: string) => xmlText(res.text, tag);
  if (res.status >= 300 || !res.text.includes(`${action}Result`)) {
    const code = x('Code') ?? '';
    throw awsError(service, {
      code,
      status: res.status < 300 ? 502 : res.status,
      message: x('Message'),
      cause: { status: res.status, code, requestId: x('RequestId') ?? res.headers.get('x-amzn-requestid') },
    });
  }
  return { field: x, date: res.date };
}

/** AWS Query over `fetch` (STS): a form-encoded POST naming the action and the service's `version`, an XML answer. */
export const AWS_QUERY: WireProtocol = {
  request: (service, action, params) => ({
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body: queryForm(action, service.version!, params),
  }),
  answer: (service, action, res) => queryAnswer(service.name, action, res),
};
