/**
 * Whose keys a tab shares, over real HTTP against the kit, with Node's own BroadcastChannel and Web Locks (two
 * clients in one process are two tabs of one profile): a token re-read during an exchange may name another user,
 * and a tab accepts keys only for the caller its own token names.
 */

import { createHash } from 'node:crypto';
import { DEFAULT_ROLE_ARN } from '@web-identity/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { readIdToken } from '../src/aws/jwt.js';
import {
  type CredentialsClient,
  type CredentialsEvent,
  createCredentialsClient,
  fetchTransport,
  type GetIdToken,
  scopeKeyInput,
  sourceScope,
  tokenIdentity,
  webIdentity,
} from '../src/index.js';
import { useLocalKit } from './kit.js';

const kit = useLocalKit();
const clients: CredentialsClient[] = [];
const channels: BroadcastChannel[] = [];
let channelName = '';

afterEach(() => {
  for (const c of clients.splice(0)) c.dispose();
  for (const c of channels.splice(0)) c.close();
  kit.aws.clearCalls();
});

let n = 0;
function tab(getIdToken: GetIdToken, events: CredentialsEvent[] = []) {
  const client = createCredentialsClient({
    region: kit.aws.region,
    source: webIdentity({ roleArn: DEFAULT_ROLE_ARN, endpoint: kit.aws.endpoint }),
    getIdToken,
    transport: fetchTransport(),
    crossTab: true,
    broadcastChannel: channelName,
    onEvent: (e) => events.push(e),
  });
  clients.push(client);
  return client;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('cross-tab identity boundaries (Node BroadcastChannel + navigator.locks, kit STS)', () => {
  it("a tab whose re-read token names another user never shares that user's keys under the first one's key", async () => {
    channelName = `swap-${++n}`;
    const expired = await kit.idp.issueIdToken({ sub: 'alice', expiresIn: -60 });
    const bob = await kit.idp.issueIdToken({ sub: 'bob' });
    const alice = await kit.idp.issueIdToken({ sub: 'alice' });
    // Tab 1: Alice's token has expired; the IdP session meanwhile changed to Bob, so the forced re-read is Bob's.
    const events1: CredentialsEvent[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const tab1 = tab(async ({ forceRefresh }) => {
      if (!forceRefresh) return expired;
      await gate; // tab 2 opens while tab 1 holds Alice's lock
      return bob;
    }, events1);
    const first = tab1.getCredentials();
    await sleep(50);
    // Tab 2: Alice, still signed in there, asks her peers and waits for the lock.
    const tab2 = tab(async () => alice);
    const second = tab2.getCredentials();
    await sleep(50);
    release();
    const [keys1, keys2] = await Promise.all([first, second]);

    expect(tab1.getSnapshot().identity?.subject).toBe('bob');
    expect(tab2.getSnapshot().identity?.subject).toBe('alice');
    expect(keys2.accessKeyId).not.toBe(keys1.accessKeyId);
    expect(tab2.getSnapshot()).toMatchObject({ origin: 'exchange', exchangeCount: 1 });
    // Whose keys they are, as the kit's STS issued them.
    const issuedTo = (id: string) => kit.aws.calls().find((c) => c.issuedAccessKeyId === id)?.subject;
    expect(issuedTo(keys1.accessKeyId)).toBe('bob');
    expect(issuedTo(keys2.accessKeyId)).toBe('alice');
    // Later asks for Alice's key are never answered with Bob's keys either.
    const tab3 = tab(async () => alice);
    const keys3 = await tab3.getCredentials();
    expect(keys3.accessKeyId).toBe(keys2.accessKeyId);
    expect(tab3.getSnapshot()).toMatchObject({ origin: 'peer', identity: { subject: 'alice' } });
    expect(events1).toContainEqual(expect.objectContaining({ type: 'exchange-success', origin: 'exchange' }));
  });

  it('keys a tab held for one user are dropped and read as expired when its token names another', async () => {
    channelName = `switch-${++n}`;
    let token = await kit.idp.issueIdToken({ sub: 'alice' });
    const events: CredentialsEvent[] = [];
    const client = tab(async () => token, events);
    const aliceKeys = await client.getCredentials();
    token = await kit.idp.issueIdToken({ sub: 'bob' });
    const bobKeys = await client.refresh();
    expect(client.getSnapshot().identity?.subject).toBe('bob');
    expect(bobKeys.accessKeyId).not.toBe(aliceKeys.accessKeyId);
    // A copy of Alice's keys handed out earlier (an SDK client's cache) reads as expired now.
    expect(aliceKeys.expiration!.getTime()).toBeLessThanOrEqual(Date.now());
    expect(events).toContainEqual({ type: 'signed-out', reason: 'identity-changed' });
  });

  it("a peer's keys under this tab's key are refused when the sender's caller is not this tab's", async () => {
    channelName = `forged-${++n}`;
    const alice = await kit.idp.issueIdToken({ sub: 'alice' });
    const client = tab(async () => alice);
    const own = await client.getCredentials();
    // Another tab (buggy or stale) shares Bob's keys under the identity key of Alice's token.
    const source = webIdentity({ roleArn: DEFAULT_ROLE_ARN, endpoint: kit.aws.endpoint });
    const input = scopeKeyInput(
      { region: kit.aws.region, scope: sourceScope(source) },
      tokenIdentity(readIdToken(alice)),
    )!;
    const key = createHash('sha256').update(input).digest('base64url');
    const sender = new BroadcastChannel(channelName);
    channels.push(sender);
    const bob = tokenIdentity(readIdToken(await kit.idp.issueIdToken({ sub: 'bob' })));
    sender.postMessage({
      type: 'web-identity:credentials',
      key,
      who: bob,
      accessKeyId: 'ASIABOBBOBBOBBOBBOB1',
      secretAccessKey: 'bob-secret',
      sessionToken: 'bob-session',
      expiresAt: Date.now() + 3 * 3_600_000,
      lifetimeMs: 3 * 3_600_000,
      startedAt: Date.now(),
      clockOffset: 0,
      identity: { subject: 'bob', provider: kit.idp.issuer },
    });
    // The same message with Alice as the caller is taken: the check is the caller, not the message's shape.
    sender.postMessage({
      type: 'web-identity:credentials',
      key,
      who: tokenIdentity(readIdToken(alice)),
      accessKeyId: 'ASIAALICEALICEALICE2',
      secretAccessKey: 'alice-secret',
      sessionToken: 'alice-session',
      expiresAt: Date.now() + 7_200_000,
      lifetimeMs: 7_200_000,
      startedAt: Date.now(),
      clockOffset: 0,
      identity: { subject: 'alice', provider: kit.idp.issuer },
    });
    await sleep(100);
    const now = await client.getCredentials();
    expect(now.accessKeyId).not.toBe(own.accessKeyId);
    expect(now.accessKeyId).toBe('ASIAALICEALICEALICE2');
    expect(client.getSnapshot().identity?.subject).toBe('alice');
  });
});
