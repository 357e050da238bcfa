// Issue 22, finding 4, against the kit: one junk token whose `kid` is not in the key set makes the verifier
// re-fetch the JWKS; when that fetch fails, only the junk token is refused. Users whose tokens carry the loaded
// `kid` keep getting credentials (they used to get 503 IdpUnreachable for the whole cooldown).
import { setTimeout as sleep } from 'node:timers/promises';
import { type LocalKit, startLocalKit } from '@web-identity/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { webIdentity } from '../src/index.js';
import { type RunningApp, startExpress } from './apps.js';

const COOLDOWN_MS = 1_000;
let kit: LocalKit;
let app: RunningApp;

beforeAll(async () => {
  kit = await startLocalKit();
  app = await startExpress({
    broker: {
      region: kit.aws.region,
      source: webIdentity({ roleArn: kit.config.roleArn, endpoint: kit.aws.endpoint }),
      verify: { issuer: kit.idp.issuer, audience: kit.idp.clientId, cooldownMs: COOLDOWN_MS },
    },
    awsEndpoint: kit.aws.endpoint,
    bucket: kit.config.bucket,
  });
});
afterAll(async () => {
  kit?.idp.failJwks(false);
  await app?.close();
  await kit?.close();
});

const me = async (token: string) => {
  const res = await fetch(`${app.url}/api/me`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: (await res.json()) as { subject?: string; code?: string } };
};

it('after one failed unknown-kid re-fetch, five users with the loaded key set get their credentials', async () => {
  expect((await me(await kit.idp.issueIdToken({ sub: 'first' }))).status).toBe(200); // key set loaded
  await sleep(COOLDOWN_MS + 100); // past the re-fetch cooldown: an unknown kid may ask the IdP again
  kit.idp.failJwks();

  const junk = await kit.idp.issueIdToken({ sub: 'junk' }, { kid: 'not-published', foreignKey: true });
  const refused = await me(junk);
  expect(refused.status).toBe(401);
  expect(refused.body.code).toBe('InvalidIdentityToken');

  for (const sub of ['u1', 'u2', 'u3', 'u4', 'u5']) {
    const res = await me(await kit.idp.issueIdToken({ sub }));
    expect(res.status, sub).toBe(200);
    expect(res.body.subject).toBe(sub);
  }
  expect((await me(junk)).status).toBe(401); // within the cooldown: refused against the loaded keys
});
