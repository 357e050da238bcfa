// Runs core's built package on the machine's own Node (the project pins Node 24 for its scripts, but
// core supports Node >= 20.19): one exchange per transport against the local kit. Started by
// system-node-smoke.sh with the first `node` on PATH outside node_modules.
import assert from 'node:assert/strict';
import { startLocalKit } from '@web-identity/testing';
import { createCredentialsClient, fetchTransport, webIdentity } from '../dist/index.js';

const [major, minor] = process.versions.node.split('.').map(Number);
assert.ok(
  major > 20 || (major === 20 && minor >= 19),
  `core needs Node >= 20.19, this is ${process.version}`,
);

const kit = await startLocalKit();
try {
  for (const [name, transport] of [
    ['sdk', undefined],
    ['fetch', fetchTransport()],
  ]) {
    const client = createCredentialsClient({
      region: kit.config.region,
      source: webIdentity({ roleArn: kit.config.roleArn, endpoint: kit.config.stsEndpoint }),
      getIdToken: () => kit.idp.issueIdToken({ sub: 'alice' }),
      ...(transport ? { transport } : {}),
    });
    const creds = await client.getCredentials();
    const issued = kit.aws.calls({ action: 'AssumeRoleWithWebIdentity' }).at(-1)?.issuedAccessKeyId;
    assert.equal(creds.accessKeyId, issued);
    assert.equal(client.getSnapshot().status, 'ready');
    client.dispose();
    console.log(`core on Node ${process.version} with the ${name} transport: ok`);
  }
} finally {
  await kit.close();
}
