/** Memory per cached identity in the Node middleware's default cache (child process with --expose-gc). */
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fetchTransport, webIdentity } from '@web-identity/core';
import { startLocalKit } from '@web-identity/testing';
import { round } from './util.mjs';

const here = dirname(fileURLToPath(import.meta.url));

/** String lengths of one real exchange against the kit. */
async function kitLengths() {
  const kit = await startLocalKit();
  try {
    const token = await kit.idp.issueIdToken({ sub: 'alice' });
    const { roleArn, stsEndpoint, region } = kit.config;
    const r = await webIdentity({ roleArn, endpoint: stsEndpoint }).exchange(token, {
      region,
      claims: JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()),
      transport: fetchTransport(),
      signal: new AbortController().signal,
    });
    return {
      accessKeyId: r.accessKeyId.length,
      secretAccessKey: r.secretAccessKey.length,
      sessionToken: r.sessionToken.length,
    };
  } finally {
    await kit.close();
  }
}

export async function runMemory({ smoke }) {
  const n = smoke ? 1000 : 100_000;
  const kit = await kitLengths();
  // Real STS session tokens for AssumeRoleWithWebIdentity run to roughly a thousand characters or more.
  const variants = { kitShaped: kit, awsShaped: { ...kit, sessionToken: 1000 } };
  const out = { identities: n };
  for (const [name, lens] of Object.entries(variants)) {
    const res = JSON.parse(
      execFileSync(
        process.execPath,
        [
          '--expose-gc',
          '--max-old-space-size=2048',
          join(here, 'memory-child.mjs'),
          String(n),
          JSON.stringify(lens),
        ],
        { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
      ),
    );
    out[name] = {
      lengths: lens,
      heapDeltaBytes: res.heapDeltaBytes,
      bytesPerIdentity: round(res.bytesPerIdentity, 0),
    };
  }
  return out;
}
