import { CredentialsError } from '../errors.js';

export function configError(message: string): CredentialsError {
  return new CredentialsError('Configuration', message);
}

/** `us-east-1`, `eu-central-2`, `us-gov-west-1`, `cn-north-1`, `ap-southeast-7`, `eu-isoe-west-1`... */
export const REGION_RE = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

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
