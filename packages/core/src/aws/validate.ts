import { CredentialsError } from '../errors.js';

export function configError(message: string): CredentialsError {
  return new CredentialsError('Configuration', message);
}

/** `us-east-1`, `eu-central-2`, `us-gov-west-1`, `cn-north-1`, `ap-southeast-7`, `eu-isoe-west-1`... */
const REGION_RE = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

export function checkRegion(region: unknown, where: string): void {
  if (region !== undefined && (typeof region !== 'string' || !REGION_RE.test(region))) {
    throw configError(
      `${where}: "${String(region)}" is not an AWS region (expected something like "eu-west-1").`,
    );
  }
}

export function checkEndpoint(endpoint: unknown, where: string): void {
  if (endpoint === undefined) return;
  try {
    const u = new URL(String(endpoint));
    if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error();
  } catch {
    throw configError(`${where}: endpoint "${String(endpoint)}" is not an http(s) URL.`);
  }
}

/** A Cognito identity pool id or identity id: `<region>:<uuid>` (the region is group 1). */
export const REGION_AND_UUID_RE = /^([a-z]{2}(?:-[a-z]+)+-\d{1,2}):[0-9a-f-]{36}$/;

/** An IAM role ARN in any partition: `arn:aws:iam::123456789012:role/Name` (paths allowed). */
export const ROLE_ARN_RE = /^arn:aws[\w-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;

/**
 * The one role-ARN check (webIdentity, cognitoIdentityPool and `@web-identity/node`'s broker use it):
 * throws `CredentialsError('Configuration')` naming the option, before anything is sent to AWS.
 *
 * @example
 * checkRoleArn(options.roleArn, 'assumeRole', 'roleArn');
 */
export function checkRoleArn(roleArn: unknown, where: string, field = 'roleArn'): asserts roleArn is string {
  if (typeof roleArn !== 'string' || !ROLE_ARN_RE.test(roleArn)) {
    throw configError(
      `${where}: ${field} "${String(roleArn).slice(0, 200)}" is not an IAM role ARN (expected arn:aws:iam::123456789012:role/Name).`,
    );
  }
}

/**
 * The one session-duration check: `undefined` (the default applies) or an integer in 900..43200 (15 min to
 * 12 h; the role's maximum session duration must also allow it, which only AWS knows).
 *
 * @example
 * checkDurationSeconds(options.durationSeconds, 'webIdentity');
 */
export function checkDurationSeconds(durationSeconds: unknown, where: string): void {
  if (
    durationSeconds !== undefined &&
    (typeof durationSeconds !== 'number' ||
      !Number.isInteger(durationSeconds) ||
      durationSeconds < 900 ||
      durationSeconds > 43_200)
  ) {
    throw configError(
      `${where}: durationSeconds ${String(durationSeconds)} is outside 900..43200 (15 min to 12 h).`,
    );
  }
}
