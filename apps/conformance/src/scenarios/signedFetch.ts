import { check, type ScenarioContext } from '../context.js';
import type { Outcome } from '../types.js';

/**
 * `signedFetch` (SigV4 over Web Crypto) to the kit's S3: PUT then GET under the user's prefix, verified by the
 * kit, and a PUT under another user's prefix refused by the bucket policy.
 */
export async function signedFetchS3(ctx: ScenarioContext): Promise<Outcome> {
  const client = ctx.client();
  const s3 = ctx.core.signedFetch({ credentials: client, region: ctx.kit.region, service: 's3' });
  const base = `${ctx.kit.awsEndpoint}/${ctx.kit.bucket}/uploads`;
  const url = `${base}/alice/conformance-${ctx.target.name}.txt`;
  const body = `written by ${ctx.target.name}`;
  const put = await s3(url, { method: 'PUT', body });
  check(put.status === 200, `signed PUT: HTTP ${put.status} ${await put.text()}`);
  const get = await s3(url);
  check(get.status === 200, `signed GET: HTTP ${get.status}`);
  const text = await get.text();
  check(text === body, `GET returned ${JSON.stringify(text)}`);
  const other = await s3(`${base}/bob/conformance-${ctx.target.name}.txt`, { method: 'PUT', body: 'x' });
  check(
    other.status === 403,
    `a PUT under another user's prefix should be refused, got HTTP ${other.status}`,
  );
  const unsigned = await fetch(url);
  check(unsigned.status === 403, `an unsigned GET should be refused, got HTTP ${unsigned.status}`);
  return { status: 'pass' };
}
