import { sanitizeSessionName } from '../aws/jwt.js';
import {
  checkDurationSeconds,
  checkEndpoint,
  checkRegion,
  checkRoleArn,
  configError,
} from '../aws/validate.js';
import { DEV, devWarn } from '../platform/env.js';
import { callAws } from '../transport/call.js';
import type { CredentialsSource, IdTokenClaims } from '../types.js';
import { ASSUME_ROLE_WITH_WEB_IDENTITY } from './stsCall.js';

/** Options of the `webIdentity` source (STS `AssumeRoleWithWebIdentity`). */
export interface WebIdentityOptions {
  /** `arn:aws:iam::<account>:role/<name>` of a role that trusts your IdP. */
  roleArn: string;
  /** 900..43200 (default 3600; the role's maximum session duration must allow it). */
  durationSeconds?: number;
  /** A name, or a function of the token's claims; sanitised to `[\w+=,.@-]{2,64}`. Default: the subject. */
  roleSessionName?: string | ((claims: IdTokenClaims) => string);
  /** An inline session policy (JSON string) that narrows the role's permissions. */
  policy?: string;
  /** Managed policy ARNs that narrow the role's permissions. */
  policyArns?: string[];
  /** Only for OAuth 2.0 providers (`www.amazon.com`, `graph.facebook.com`). */
  providerId?: string;
  /** STS region, when it differs from the client's. */
  region?: string;
  /** Override the STS endpoint (local STS, FIPS, VPC endpoint). */
  endpoint?: string;
}

/**
 * Trades the ID token for role credentials with STS AssumeRoleWithWebIdentity (an unsigned call).
 * Throws `CredentialsError('Configuration')` at construction for a malformed role ARN, a duration outside
 * 900..43200 or an unknown region.
 *
 * @example
 * const source = webIdentity({ roleArn: 'arn:aws:iam::123456789012:role/PhotoUploader', durationSeconds: 3600 });
 */
export function webIdentity(options: WebIdentityOptions): CredentialsSource {
  const { roleArn, durationSeconds, roleSessionName, policyArns, region, endpoint } = options ?? {};
  checkRoleArn(roleArn, 'webIdentity');
  checkDurationSeconds(durationSeconds, 'webIdentity');
  if (policyArns !== undefined && (!Array.isArray(policyArns) || policyArns.length > 10)) {
    throw configError('webIdentity: policyArns must be an array of at most 10 ARNs.');
  }
  checkRegion(region, 'webIdentity');
  checkEndpoint(endpoint, 'webIdentity');

  return {
    kind: 'webIdentity',
    forwardsToken: true,
    scope: JSON.stringify([
      'webIdentity',
      roleArn,
      durationSeconds ?? null,
      typeof roleSessionName === 'string' ? roleSessionName : typeof roleSessionName,
      options.policy ?? null,
      policyArns ?? null,
      options.providerId ?? null,
      region ?? null,
      endpoint ?? null,
    ]),
    async exchange(idToken, ctx) {
      const raw =
        typeof roleSessionName === 'function'
          ? roleSessionName(ctx.claims)
          : (roleSessionName ?? ctx.claims.sub ?? 'web-identity');
      const sessionName = sanitizeSessionName(raw);
      if (DEV && sessionName !== raw && typeof roleSessionName === 'function') {
        devWarn(
          'session-name',
          'roleSessionName returned characters AWS does not allow; they were replaced (allowed: [\\w+=,.@-], 2 to 64).',
          'webidentity--sts-assumerolewithwebidentity',
        );
      }
      const result = await callAws(
        ctx.transport,
        ASSUME_ROLE_WITH_WEB_IDENTITY,
        {
          roleArn,
          roleSessionName: sessionName,
          webIdentityToken: idToken,
          durationSeconds,
          policy: options.policy,
          policyArns,
          providerId: options.providerId,
        },
        { region: region ?? ctx.region, endpoint, signal: ctx.signal },
      );
      return {
        ...result,
        identity: {
          ...result.identity,
          subject: result.identity?.subject || ctx.claims.sub,
          provider: result.identity?.provider || ctx.claims.iss,
          assumedRoleArn: result.identity?.assumedRoleArn,
        },
      };
    },
  };
}
