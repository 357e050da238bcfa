/**
 * What a cached request's credentials look-up costs, in-process on this machine (no HTTP, no framework):
 *
 * - the floor: the least any verified-token lookup does per request — the SHA-256 of the token (what keys the
 *   verified-token cache; keying by the token itself would keep bearer tokens readable in a heap dump) and two
 *   Map reads (token hash → identity, identity key → credentials entry);
 * - ours: `broker.peek(req)` of the Node broker (what Express and Fastify run for a cached caller), and of the
 *   fetch-standard entry on a Node request (Hono on @hono/node-server) and on a fetch `Request`.
 */
import { hash } from 'node:crypto';
import { createCredentialsBroker, memoryCache, webIdentity } from '@web-identity/node';
import { createWebBroker } from '@web-identity/node/web';

const ITERATIONS = 300_000;

/** CPU µs per call of `fn(i)`, after a JIT warm-up; every call must answer (a miss would measure less work). */
function perCall(fn) {
  for (let i = 0; i < 20_000; i++) fn(i);
  const before = process.cpuUsage();
  let answered = 0;
  for (let i = 0; i < ITERATIONS; i++) if (fn(i)) answered++;
  const used = process.cpuUsage(before);
  if (answered !== ITERATIONS) throw new Error('lookups: a cached caller was not answered');
  return Math.round(((used.user + used.system) / ITERATIONS) * 100) / 100;
}

export async function measureLookups(tokens, cfg) {
  const identities = new Map();
  const entries = new Map();
  tokens.forEach((t, i) => {
    identities.set(hash('sha256', t, 'base64url'), { key: `k${i}` });
    entries.set(`k${i}`, { expiresAt: Date.now() + 3_600_000 });
  });
  const n = tokens.length;
  const options = () => ({
    region: cfg.region,
    verify: { issuer: cfg.issuer, audience: cfg.clientId },
    source: webIdentity({ roleArn: cfg.roleArn, endpoint: cfg.stsEndpoint, durationSeconds: 3600 }),
    cache: memoryCache({ maxEntries: 10_000 }),
  });
  const node = createCredentialsBroker(options());
  const web = createWebBroker(options());
  const nodeReqs = tokens.map((t) => ({
    headers: { authorization: `Bearer ${t}` },
    method: 'GET',
    url: '/api/hello',
  }));
  const fetchReqs = tokens.map(
    (t) => new Request('http://127.0.0.1/api/hello', { headers: { authorization: `Bearer ${t}` } }),
  );
  for (const r of nodeReqs) {
    await node.forRequest(r);
    await web.broker.forRequest(r);
  }
  return {
    tokenChars: Math.round(tokens.reduce((s, t) => s + t.length, 0) / n),
    floorUs: perCall(
      (i) => entries.get(identities.get(hash('sha256', tokens[i % n], 'base64url')).key).expiresAt > 0,
    ),
    nodePeekUs: perCall((i) => node.peek(nodeReqs[i % n])),
    webPeekNodeRequestUs: perCall((i) => web.broker.peek(nodeReqs[i % n])),
    webPeekFetchRequestUs: perCall((i) => web.peek(fetchReqs[i % n])),
  };
}
