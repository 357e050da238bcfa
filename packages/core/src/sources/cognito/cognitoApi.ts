/** Cognito Identity's three calls as `AwsCall`s (GetId, GetOpenIdToken, GetCredentialsForIdentity): JSON 1.1. */
import { dateField, requireFields, text } from '../../transport/call.js';
import { AWS_JSON_1_1 } from '../../transport/fetchJson.js';
import type { AwsCall, AwsService, ExchangeResult, TransportCalls } from '../../types.js';

/** Amazon Cognito Identity: the JSON 1.1 protocol, target `AWSCognitoIdentityService`. */
export const COGNITO_IDENTITY: AwsService = {
  name: 'Cognito Identity',
  prefix: 'cognito-identity',
  protocol: AWS_JSON_1_1,
  target: 'AWSCognitoIdentityService',
};

type In<M extends keyof TransportCalls> = Parameters<TransportCalls[M]>[0];
type Out<M extends keyof TransportCalls> = Awaited<ReturnType<TransportCalls[M]>>;
const NAME = COGNITO_IDENTITY.name;

/** The identity id for these logins (a new guest's without any). */
export const GET_ID: AwsCall<In<'cognitoGetId'>, Out<'cognitoGetId'>> = {
  service: COGNITO_IDENTITY,
  action: 'GetId',
  method: 'cognitoGetId',
  params: (i) => ({ IdentityPoolId: i.identityPoolId, Logins: i.logins, AccountId: i.accountId }),
  result(a) {
    const identityId = text(a.field('IdentityId'));
    requireFields(NAME, { identityId }, ['identityId']);
    return { identityId: identityId!, serverDate: a.date };
  },
};

/** The enhanced flow's OpenID token for `AssumeRoleWithWebIdentity` (the basic flow). */
export const GET_OPEN_ID_TOKEN: AwsCall<In<'cognitoGetOpenIdToken'>, Out<'cognitoGetOpenIdToken'>> = {
  service: COGNITO_IDENTITY,
  action: 'GetOpenIdToken',
  method: 'cognitoGetOpenIdToken',
  params: (i) => ({ IdentityId: i.identityId, Logins: i.logins }),
  result(a, i) {
    const token = text(a.field('Token'));
    requireFields(NAME, { token }, ['token']);
    return { identityId: text(a.field('IdentityId')) ?? i.identityId, token: token!, serverDate: a.date };
  },
};

/** Credentials for an identity; a missing or mistyped field is a retryable `ServerError`. */
export const GET_CREDENTIALS_FOR_IDENTITY: AwsCall<In<'cognitoGetCredentialsForIdentity'>, ExchangeResult> = {
  service: COGNITO_IDENTITY,
  action: 'GetCredentialsForIdentity',
  method: 'cognitoGetCredentialsForIdentity',
  params: (i) => ({ IdentityId: i.identityId, Logins: i.logins, CustomRoleArn: i.customRoleArn }),
  result(a, i) {
    const out = {
      accessKeyId: text(a.field('AccessKeyId')),
      secretAccessKey: text(a.field('SecretKey')),
      sessionToken: text(a.field('SessionToken')),
      expiration: dateField(a.field('Expiration')),
    };
    requireFields(NAME, out, ['accessKeyId', 'secretAccessKey', 'sessionToken', 'expiration']);
    return {
      ...(out as ExchangeResult),
      serverDate: a.date,
      identity: { identityId: text(a.field('IdentityId')) ?? i.identityId },
    };
  },
};
