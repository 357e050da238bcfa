import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CredentialsError, createCredentialsClient, webIdentity } from '../src/index.js';
import { fakeTransport, freshResult, jwt, ROLE } from './helpers.js';

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2026-01-01T00:00:00Z'));
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

function setup(extra: Partial<Parameters<typeof createCredentialsClient>[0]> = {}) {
  const fake = fakeTransport();
  const getIdToken = vi.fn(async () => jwt());
  const client = createCredentialsClient({
    region: 'eu-west-1',
    source: webIdentity({ roleArn: ROLE }),
    getIdToken,
    transport: fake.transport,
    ...extra,
  });
  return { client, fake, getIdToken };
}

describe('createCredentialsClient', () => {
  it('does nothing until asked, then exchanges once and becomes ready', async () => {
    const { client, fake, getIdToken } = setup();
    expect(client.getSnapshot().status).toBe('signed-out');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(getIdToken).not.toHaveBeenCalled();
    const p = client.getCredentials();
    await vi.advanceTimersByTimeAsync(0);
    expect(client.getSnapshot().status).toBe('loading');
    const r = freshResult();
    fake.next().resolve(r);
    const creds = await p;
    expect(creds.secretAccessKey).toBe(r.secretAccessKey);
    const snap = client.getSnapshot();
    expect(snap.status).toBe('ready');
    expect(snap.credentials).toBe(creds);
    expect(snap.exchangeCount).toBe(1);
    expect(snap.identity).toMatchObject({
      subject: 'alice',
      provider: 'https://idp.test',
      assumedRoleArn: `${ROLE}/alice`,
    });
    expect(client.getSnapshot()).toBe(snap);
  });

  it('names the audience AWS matched, else the authorized party of a multi-audience token', async () => {
    const token = jwt({ aud: ['https://api.example.com', 'spa-client'], azp: 'spa-client' });
    const { client, fake } = setup({ getIdToken: async () => token });
    const p = client.getCredentials();
    await vi.advanceTimersByTimeAsync(0);
    const r = freshResult();
    fake.next().resolve({ ...r, identity: { ...r.identity, audience: undefined } });
    await p;
    expect(client.getSnapshot().identity?.audience).toBe('spa-client');
    const p2 = client.refresh();
    await vi.advanceTimersByTimeAsync(0);
    fake.next().resolve({ ...r, identity: { ...r.identity, audience: 'from-sts' } });
    await p2;
    expect(client.getSnapshot().identity?.audience).toBe('from-sts');
  });

  it('shares one exchange between 1,000 concurrent callers, refresh() and provider()', async () => {
    const { client, fake } = setup();
    const all = [
      ...Array.from({ length: 1000 }, () => client.getCredentials()),
      client.refresh(),
      client.provider(),
    ];
    await vi.advanceTimersByTimeAsync(0);
    expect(fake.calls).toBe(1);
    fake.next().resolve(freshResult());
    const results = await Promise.all(all);
    expect(new Set(results).size).toBe(1);
    expect(fake.calls).toBe(1);
  });

  it('rejects NotAnIdToken locally for an access token, without calling STS', async () => {
    const { client, fake } = setup({ getIdToken: async () => jwt({ token_use: 'access' }) });
    const err = await client.getCredentials().catch((e) => e);
    expect(err).toBeInstanceOf(CredentialsError);
    expect(err.code).toBe('NotAnIdToken');
    expect(err.message).toMatch(/token_use: access/);
    expect(fake.calls).toBe(0);
    expect(client.getSnapshot().status).toBe('error');
  });
});
