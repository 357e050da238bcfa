import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentials } from '@web-identity/core';

/** A request reduced to what SigV4 covers. */
export interface RequestToSign {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: string | Uint8Array | undefined;
}

/**
 * Signs with SigV4 and returns the headers to add (`authorization`, `x-amz-date`,
 * `x-amz-security-token`, ...), without `host`: the browser sets that one itself.
 */
export async function signRequest(
  request: RequestToSign,
  credentials: AwsCredentials,
  scope: { service: string; region: string },
): Promise<Record<string, string>> {
  const { url } = request;
  const query: Record<string, string | string[]> = {};
  for (const [key, value] of url.searchParams) {
    const prev = query[key];
    query[key] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  const signer = new SignatureV4({
    service: scope.service,
    region: scope.region,
    credentials,
    sha256: Sha256,
  });
  const signed = await signer.sign({
    method: request.method,
    protocol: url.protocol,
    hostname: url.hostname,
    ...(url.port ? { port: Number(url.port) } : {}),
    path: decodeURIComponent(url.pathname),
    query,
    headers: { ...request.headers, host: url.host },
    body: request.body,
  });
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(signed.headers)) {
    if (name.toLowerCase() !== 'host') out[name] = value;
  }
  return out;
}
