import { awsError } from '../aws/awsError.js';
import type { ExchangeResult, Transport } from '../types.js';
import { type CallOptions, cognitoEndpoint, jsonObject, parseDate, validDate } from './common.js';
import { call, requireFields, text } from './fetchCall.js';
import { stsOverFetch } from './fetchSts.js';
import { missingTransport } from './missing.js';

export { xmlText } from './fetchSts.js';

/** Options of `fetchTransport`: endpoints and a request timeout. */
export interface FetchTransportOptions {
  /** Defaults to the global `fetch`. */
  fetch?: typeof fetch;
  /** Per-request timeout; a timeout counts as a `Network` failure. Default 10 s. */
  timeoutMs?: number;
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

/** The `fetch` to call: the option's, else the global one at call time (so a test may replace it later). */
const fetcher =
  (options: FetchTransportOptions) =>
  (...args: Parameters<typeof fetch>) =>
    (options.fetch ?? fetch)(...args);

/**
 * A transport on plain `fetch`: form-encoded STS, a tiny XML reader and JSON 1.1 for Cognito. Pick it
 * when bundle size matters (under 1 KB instead of ~50 KB gz of AWS SDK clients).
 *
 * @example
 * const client = createCredentialsClient({ region, source, getIdToken, transport: fetchTransport() });
 */
export function fetchTransport(options: FetchTransportOptions = {}): Transport {
  const sts = fetchStsTransport(options);
  const timeoutMs = sts.timeoutMs!;
  const f = fetcher(options);

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
    ...sts,
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

/**
 * The lean entry's transport for `webIdentity`: STS over `fetch` only (a web-identity source never calls
 * Cognito, so a bundle holds no Cognito reader). The same options and answers as `fetchTransport()`.
 */
export function fetchStsTransport(options: FetchTransportOptions = {}): Transport {
  const timeoutMs = options.timeoutMs ?? 10_000;
  return {
    ...missingTransport(),
    name: 'fetch',
    timeoutMs,
    assumeRoleWithWebIdentity: stsOverFetch(fetcher(options), timeoutMs),
  };
}
