import { awsError } from '../aws/awsError.js';
import type { ExchangeResult, Transport } from '../types.js';
import { type CallOptions, cognitoEndpoint, jsonObject, parseDate, validDate } from './common.js';
import { call, requireFields, text } from './fetchCall.js';

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
 * Cognito Identity's three calls (GetId, GetOpenIdToken, GetCredentialsForIdentity) over `fetch`, JSON 1.1: what
 * the `cognitoIdentityPool` source needs, and nothing a `webIdentity`-only app carries.
 */
export function cognitoOverFetch(
  f: typeof fetch,
  timeoutMs: number,
): Pick<Transport, 'cognitoGetId' | 'cognitoGetOpenIdToken' | 'cognitoGetCredentialsForIdentity'> {
  async function cognito(target: string, body: unknown, opts: CallOptions) {
    const res = await call(f, {
      service: 'Cognito Identity',
      url: cognitoEndpoint(opts.region, opts.endpoint),
      init: {
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': `AWSCognitoIdentityService.${target}`,
        },
        body: JSON.stringify(body),
      },
      opts,
      timeoutMs,
    });
    const json = jsonObject(res.text);
    if (res.status < 300 && Object.keys(json).length === 0) {
      throw awsError('Cognito Identity', { code: '', status: 502, message: 'unreadable response' });
    }
    if (res.status >= 300) {
      const given = typeof json.__type === 'string' ? json.__type : res.headers.get('x-amzn-errortype');
      const type = (given ?? '').split(':')[0]!;
      throw awsError('Cognito Identity', {
        code: type,
        status: res.status,
        message: json.message ?? json.Message,
        cause: { status: res.status, code: type, requestId: res.headers.get('x-amzn-requestid') },
      });
    }
    return { json, date: res.date };
  }

  return {
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
