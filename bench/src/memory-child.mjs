/**
 * Run with --expose-gc. Fills the Node broker's default cache (memoryCache) with N identities through
 * `broker.forRequest`, credentials shaped like the kit's (string lengths passed in), and prints the heap delta.
 */
import { createCredentialsBroker, memoryCache } from '@web-identity/node';

const [nArg, lensJson] = process.argv.slice(2);
const n = Number(nArg);
const lens = JSON.parse(lensJson);
const ISSUER = 'https://idp.example.com';
// Flat, unique strings (padEnd would share its filler between entries and under-count).
const fill = (prefix, i, len) => Buffer.alloc(len, `${prefix}${i.toString(36)}-`).toString('latin1');
const source = {
  kind: 'web-identity',
  roleArn: 'arn:aws:iam::123456789012:role/PhotoUploader',
  async exchange(token) {
    const i = Number(token.slice(4));
    const now = Date.now();
    return {
      accessKeyId: fill('ASIA', i, lens.accessKeyId),
      secretAccessKey: fill('s', i, lens.secretAccessKey),
      sessionToken: fill('t', i, lens.sessionToken),
      expiration: new Date(now + 3600_000),
      serverDate: new Date(now),
      identity: { assumedRoleArn: `arn:aws:sts::123456789012:assumed-role/PhotoUploader/user-${i}` },
    };
  },
};
// A verifying extractor that trusts the token (no crypto): this measures the cache, not JWT verification.
const token = {
  kind: 'bench',
  extract: (req) => req.headers.authorization,
  async verify(t) {
    const sub = `user-${t.slice(4)}`;
    return { subject: sub, issuer: ISSUER, audience: 'web-identity-demo', claims: { iss: ISSUER, sub } };
  },
};
const cache = memoryCache({ maxEntries: n + 1 });
const broker = createCredentialsBroker({ region: 'eu-west-1', source, token, cache });

const heap = () => {
  globalThis.gc();
  globalThis.gc();
  return process.memoryUsage().heapUsed;
};
const before = heap();
for (let i = 0; i < n; i += 1000) {
  const batch = [];
  for (let j = i; j < Math.min(n, i + 1000); j++)
    batch.push(broker.forRequest({ headers: { authorization: `tok-${j}` } }));
  await Promise.all(batch);
}
const after = heap();
if (cache.size !== n) throw new Error(`cache holds ${cache.size}, expected ${n}`);
process.stdout.write(
  JSON.stringify({ identities: n, heapDeltaBytes: after - before, bytesPerIdentity: (after - before) / n }),
);
