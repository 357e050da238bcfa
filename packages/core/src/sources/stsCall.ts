/** STS `AssumeRoleWithWebIdentity` as an `AwsCall`: the call `webIdentity` (and a pool's basic flow) makes. */
import { dateField, requireFields, text } from '../transport/call.js';
import { AWS_QUERY } from '../transport/fetchQuery.js';
import type { AssumeRoleWithWebIdentityInput, AwsCall, AwsService, ExchangeResult } from '../types.js';

/** AWS STS: the Query protocol, version 2011-06-15. */
export const STS: AwsService = { name: 'STS', prefix: 'sts', protocol: AWS_QUERY, version: '2011-06-15' };

/** Unsigned: the ID token is the proof. The answer's credentials, the server's date and whom STS saw. */
export const ASSUME_ROLE_WITH_WEB_IDENTITY: AwsCall<AssumeRoleWithWebIdentityInput, ExchangeResult> = {
  service: STS,
  action: 'AssumeRoleWithWebIdentity',
  method: 'assumeRoleWithWebIdentity',
  params: (i) => ({
    RoleArn: i.roleArn,
    RoleSessionName: i.roleSessionName,
    WebIdentityToken: i.webIdentityToken,
    DurationSeconds: i.durationSeconds,
    Policy: i.policy,
    PolicyArns: i.policyArns?.map((arn) => ({ arn })),
    ProviderId: i.providerId,
  }),
  result(a, i) {
    const s = (name: string) => text(a.field(name));
    const out = {
      accessKeyId: s('AccessKeyId'),
      secretAccessKey: s('SecretAccessKey'),
      sessionToken: s('SessionToken'),
      expiration: dateField(a.field('Expiration')),
    };
    requireFields('STS', out, ['accessKeyId', 'secretAccessKey', 'sessionToken', 'expiration']);
    return {
      ...(out as ExchangeResult),
      serverDate: a.date,
      durationSeconds: i.durationSeconds ?? 3600,
      identity: {
        subject: s('SubjectFromWebIdentityToken'),
        provider: s('Provider'),
        audience: s('Audience'),
        assumedRoleArn: s('Arn'),
      },
    };
  },
};
