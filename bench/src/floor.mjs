/**
 * The floor of a cached request's credentials look-up, measured on this machine: the least any verified-token
 * lookup can do per request — the SHA-256 of the token (what keys the verified-token cache; keying by the token
 * itself would keep bearer tokens readable in a heap dump) and two Map reads (token hash → identity, identity key
 * → credentials entry). No framework, no request object: what the middleware's own cost is compared with.
 */
import { hash } from 'node:crypto';

export function measureFloor(tokens, iterations = 300_000) {
  const identities = new Map();
  const entries = new Map();
  tokens.forEach((t, i) => {
    identities.set(hash('sha256', t, 'base64url'), { key: `k${i}` });
    entries.set(`k${i}`, { expiresAt: Date.now() + 3_600_000 });
  });
  let found = 0;
  const run = (n) => {
    for (let i = 0; i < n; i++) {
      const identity = identities.get(hash('sha256', tokens[i % tokens.length], 'base64url'));
      if (entries.get(identity.key).expiresAt > 0) found++;
    }
  };
  run(20_000); // warm up the JIT
  const before = process.cpuUsage();
  run(iterations);
  const used = process.cpuUsage(before);
  if (found !== iterations + 20_000) throw new Error('floor: a lookup missed');
  return {
    usPerLookup: Math.round(((used.user + used.system) / iterations) * 100) / 100,
    tokenChars: Math.round(tokens.reduce((n, t) => n + t.length, 0) / tokens.length),
  };
}
