// The synchronous fast path (`peek`) against the kit: it answers only for a token verified before, sent exactly
// as before; every other form goes through the full path, which checks it. `req.aws` never shows its keys.
import { inspect } from 'node:util';
import { webIdentity } from '@web-identity/core';
import {
  DEFAULT_ROLE_ARN,
  type LocalAws,
  type LocalIdp,
  startLocalAws,
  startLocalIdp,
} from '@web-identity/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryCache } from '../src/broker/cache.js';
import { type CredentialsBroker, createCredentialsBroker } from '../src/broker/credentialsBroker.js';

let idp: LocalIdp;
let aws: LocalAws;
let broker: CredentialsBroker;
const req = (authorization: string) => ({ headers: { authorization } });

beforeAll(async () => {
  idp = await startLocalIdp();
  aws = await startLocalAws({ idp });
  broker = createCredentialsBroker({
    region: aws.region,
    source: webIdentity({ roleArn: DEFAULT_ROLE_ARN, endpoint: aws.endpoint }),
    verify: { issuer: idp.issuer, audience: 'web-identity-demo' },
    cache: memoryCache(),
  });
});
afterAll(async () => {
  await aws?.close();
  await idp?.close();
});

describe('the synchronous fast path', () => {
  it('answers for the exact header of a verified token; other forms take the full path and its checks', async () => {
    const token = await idp.issueIdToken({ sub: 'fast-alice' });
    expect(broker.peek?.(req(`Bearer ${token}`))).toBeUndefined(); // never verified yet
    const full = await broker.forRequest(req(`Bearer ${token}`));
    const fast = broker.peek?.(req(`Bearer ${token}`));
    expect(fast?.identity.subject).toBe('fast-alice');
    expect(fast?.credentials.accessKeyId).toBe(full?.credentials.accessKeyId);

    for (const other of [`bearer ${token}`, `Bearer  ${token}`, `Bearer ${token} `]) {
      expect(broker.peek?.(req(other))).toBeUndefined();
      expect((await broker.forRequest(req(other)))?.identity.subject).toBe('fast-alice'); // RFC 6750 allows these
    }
    for (const bad of [`Bearer ${token}!`, `Bearer ${token.slice(0, -1)}`]) {
      expect(broker.peek?.(req(bad))).toBeUndefined();
      await expect(broker.forRequest(req(bad))).rejects.toMatchObject({ code: expect.any(String) });
    }
  });

  it('req.aws builds its parts on first read, memoises clients and never shows its secret', async () => {
    const token = await idp.issueIdToken({ sub: 'fast-bob' });
    await broker.forRequest(req(`Bearer ${token}`));
    const fast = broker.peek?.(req(`Bearer ${token}`));
    expect(fast).toBeDefined();
    const creds = await fast!.provider();
    expect(creds.accessKeyId).toBe(fast!.credentials.accessKeyId);
    class FakeClient {
      constructor(readonly config: { region: string; credentials: unknown }) {}
    }
    const client = fast!.client(FakeClient as never) as FakeClient;
    expect(fast!.client(FakeClient as never)).toBe(client);
    expect(client.config.region).toBe(aws.region);
    expect(client.config.credentials).toBe(fast!.provider);
    const secret = fast!.credentials.secretAccessKey;
    const session = fast!.credentials.sessionToken!;
    for (const shown of [inspect(fast, { depth: 10, showHidden: true }), JSON.stringify(fast)]) {
      expect(shown).toContain('fast-bob');
      expect(shown).not.toContain(secret);
      expect(shown).not.toContain(session);
    }
  });
});
