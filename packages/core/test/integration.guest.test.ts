/**
 * Guests of a Cognito identity pool, over real HTTP against the local kit, through both transports: guest keys,
 * the switch to the signed-in user (same identity), sign-out back to a new guest, one guest across page loads.
 */
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  COGNITO_GUEST_ROLE_ARN,
  COGNITO_ROLE_ARN,
  DEFAULT_ACCESS_KEY,
  defaultIdentityPools,
  GUEST_IDENTITY_POOL_ID,
  type LocalAws,
  type LocalIdp,
  providerName,
  startLocalAws,
  startLocalIdp,
} from '@web-identity/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type CognitoIdentityPoolOptions,
  CredentialsError,
  type CredentialsEvent,
  cognitoIdentityPool,
  createCredentialsClient,
  fetchTransport,
  GUEST_IDENTITY_STORAGE_PREFIX,
  sdkTransport,
  type Transport,
} from '../src/index.js';

const NO_GUESTS_POOL = 'eu-west-1:44444444-4444-4444-8444-444444444444';
const UNKNOWN_IDENTITY = 'eu-west-1:33333333-3333-4333-8333-333333333333';
const BUCKET = 'demo-uploads';

let idp: LocalIdp;
let aws: LocalAws;
let admin: S3Client;
let subjects = 0;

beforeAll(async () => {
  idp = await startLocalIdp();
  const pools = defaultIdentityPools([idp.issuer]);
  aws = await startLocalAws({
    idp,
    identityPools: [...pools, { ...pools[0]!, id: NO_GUESTS_POOL, allowUnauthenticated: false }],
  });
  admin = s3For(DEFAULT_ACCESS_KEY);
  await admin.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'public/menu.txt', Body: 'soup' }));
});
afterAll(async () => {
  await aws?.close();
  await idp?.close();
});
afterEach(() => aws.clearCalls());

function s3For(credentials: S3Client['config']['credentials'] | typeof DEFAULT_ACCESS_KEY) {
  return new S3Client({
    region: aws.region,
    endpoint: aws.endpoint,
    forcePathStyle: true,
    maxAttempts: 1,
    credentials,
  });
}

/** A Web Storage stand-in: what a browser's localStorage would hold. */
function memoryStorage() {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => void map.set(k, String(v)),
    removeItem: (k: string) => void map.delete(k),
  };
}

/** A page: a client whose user is signed out until `signIn(sub)`; `storage` plays localStorage. */
function page(
  transport: Transport,
  opts: Partial<CognitoIdentityPoolOptions> & { guestStorage?: ReturnType<typeof memoryStorage> } = {},
) {
  const user: { sub: string | null } = { sub: null };
  const events: CredentialsEvent[] = [];
  const storage = opts.guestStorage ?? memoryStorage();
  const client = createCredentialsClient({
    region: aws.region,
    source: cognitoIdentityPool({
      identityPoolId: GUEST_IDENTITY_POOL_ID,
      endpoint: aws.endpoint,
      stsEndpoint: aws.endpoint,
      guest: true,
      guestStorage: storage,
      ...opts,
    }),
    getIdToken: () => (user.sub ? idp.issueIdToken({ sub: user.sub }) : null),
    transport,
    onEvent: (e) => events.push(e),
  });
  return {
    client,
    events,
    storage,
    signIn: (sub: string) => {
      user.sub = sub;
    },
  };
}

const newSubject = () => `guest-test-user-${++subjects}`;

describe.each([
  ['sdk', () => sdkTransport()],
  ['fetch', () => fetchTransport()],
] as const)('guests over %s', (_n, transport) => {
  it('nobody signed in: guest keys (status ready, guest, subject = identity id) read public/ and nothing else', async () => {
    const { client } = page(transport());
    const keys = await client.getCredentials();
    const snap = client.getSnapshot();
    expect(snap.status).toBe('ready');
    expect(snap.identity?.guest).toBe(true);
    expect(snap.identity?.identityId).toMatch(/^eu-west-1:[0-9a-f-]{36}$/);
    expect(snap.identity?.subject).toBe(snap.identity?.identityId);
    expect(aws.calls({ action: 'GetCredentialsForIdentity' })[0]).toMatchObject({
      roleArn: COGNITO_GUEST_ROLE_ARN,
      logins: [],
    });
    const s3 = s3For(client.provider);
    const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'public/menu.txt' }));
    expect(await got.Body!.transformToString()).toBe('soup');
    const put = s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'public/graffiti.txt', Body: 'x' }));
    await expect(put).rejects.toMatchObject({ name: 'AccessDenied' });
    expect(JSON.stringify(snap)).not.toContain(keys.secretAccessKey);
    client.dispose();
  });

  it('signing in sends the guest id with the login: same identity, the authenticated role', async () => {
    const { client, events, signIn, storage } = page(transport());
    await client.getCredentials();
    const guestId = client.getSnapshot().identity!.identityId!;
    const sub = newSubject();
    signIn(sub);
    await client.refresh();
    const snap = client.getSnapshot();
    expect(snap.identity).toMatchObject({ identityId: guestId, subject: sub });
    expect(snap.identity?.guest).toBeUndefined();
    const linking = aws.calls({ action: 'GetCredentialsForIdentity' }).at(-1)!;
    expect(linking).toMatchObject({
      identityId: guestId,
      logins: [providerName(idp.issuer)],
      linked: 'linked',
      roleArn: COGNITO_ROLE_ARN,
    });
    const upgrade = events.filter((e) => e.type === 'guest-upgrade');
    expect(upgrade).toEqual([{ type: 'guest-upgrade', source: 'cognitoIdentityPool', outcome: 'linked' }]);
    const said = JSON.stringify(events);
    expect(said).not.toContain(sub);
    expect(said).not.toContain(guestId);
    // The guest became the user: its id is no longer kept for the next guest.
    expect([...storage.map.values()]).not.toContain(guestId);
    await s3For(client.provider).send(
      new PutObjectCommand({ Bucket: BUCKET, Key: `uploads/${guestId}/mine.txt`, Body: 'x' }),
    );
    client.dispose();
  });

  it('a login that already has an identity: that identity is used, and an event says so (no error)', async () => {
    const sub = newSubject();
    const first = page(transport());
    first.signIn(sub);
    await first.client.getCredentials();
    const usersId = first.client.getSnapshot().identity!.identityId!;
    first.client.dispose();

    const { client, events, signIn } = page(transport());
    await client.getCredentials();
    const guestId = client.getSnapshot().identity!.identityId!;
    signIn(sub);
    await client.refresh();
    expect(guestId).not.toBe(usersId);
    expect(client.getSnapshot()).toMatchObject({ status: 'ready', error: null });
    expect(client.getSnapshot().identity).toMatchObject({ identityId: usersId, subject: sub });
    expect(events.filter((e) => e.type === 'guest-upgrade')).toEqual([
      { type: 'guest-upgrade', source: 'cognitoIdentityPool', outcome: 'switched' },
    ]);
    client.dispose();
  });

  it('sign-out returns to a new guest identity, never the user one, even while getIdToken still answers', async () => {
    const { client, signIn } = page(transport());
    const unsubscribe = client.subscribe(() => {});
    await client.getCredentials();
    signIn(newSubject());
    await client.refresh();
    const usersId = client.getSnapshot().identity!.identityId!;
    const seen: string[] = [];
    client.subscribe((snap) =>
      seen.push(`${snap.status}:${snap.identity?.guest ? 'guest' : (snap.identity?.identityId ?? '-')}`),
    );
    client.signOut(); // the app has not signed out of its IdP yet: getIdToken would still return the token
    await client.getCredentials();
    const snap = client.getSnapshot();
    expect(snap.identity?.guest).toBe(true);
    expect(snap.identity?.identityId).not.toBe(usersId);
    // No snapshot ever shows the user's identity with a guest's keys or the other way round.
    expect(seen).toEqual(['signed-out:-', 'loading:-', 'ready:guest']);
    unsubscribe();
    client.dispose();
  });

  it('two page loads sharing one storage reuse one guest identity; storage holds its id (and when) only', async () => {
    const storage = memoryStorage();
    const one = page(transport(), { guestStorage: storage });
    const keys = await one.client.getCredentials();
    const guestId = one.client.getSnapshot().identity!.identityId!;
    one.client.dispose();
    const two = page(transport(), { guestStorage: storage });
    await two.client.getCredentials();
    expect(two.client.getSnapshot().identity?.identityId).toBe(guestId);
    expect(aws.calls({ action: 'GetId' })).toHaveLength(1);
    expect([...storage.map.keys()]).toEqual([`${GUEST_IDENTITY_STORAGE_PREFIX}${GUEST_IDENTITY_POOL_ID}`]);
    const record = JSON.parse([...storage.map.values()][0]!);
    expect(Object.keys(record).sort()).toEqual(['at', 'id']);
    expect(record.id).toBe(guestId);
    expect(Math.abs(record.at - Date.now())).toBeLessThan(60_000);
    const stored = JSON.stringify([...storage.map]);
    for (const secret of [keys.accessKeyId, keys.secretAccessKey, keys.sessionToken])
      expect(stored).not.toContain(secret);
    two.client.dispose();
  });

  it('persistGuestIdentity: false writes nothing; each page load is a new guest', async () => {
    const storage = memoryStorage();
    const ids: (string | undefined)[] = [];
    for (let i = 0; i < 2; i++) {
      const p = page(transport(), { guestStorage: storage, persistGuestIdentity: false });
      await p.client.getCredentials();
      ids.push(p.client.getSnapshot().identity?.identityId);
      p.client.dispose();
    }
    expect(storage.map.size).toBe(0);
    expect(ids[0]).not.toBe(ids[1]);
  });

  it('a kept id the pool does not know (ResourceNotFoundException) is replaced silently', async () => {
    const storage = memoryStorage();
    storage.setItem(
      `${GUEST_IDENTITY_STORAGE_PREFIX}${GUEST_IDENTITY_POOL_ID}`,
      JSON.stringify({ id: UNKNOWN_IDENTITY, at: Date.now() }),
    );
    const { client } = page(transport(), { guestStorage: storage });
    await client.getCredentials();
    const id = client.getSnapshot().identity?.identityId;
    expect(id).not.toBe(UNKNOWN_IDENTITY);
    expect(aws.calls({ service: 'cognito-identity' }).map((c) => `${c.action}:${c.outcome}`)).toEqual([
      'GetCredentialsForIdentity:ResourceNotFoundException',
      'GetId:success',
      'GetCredentialsForIdentity:success',
    ]);
    expect([...storage.map.values()].map((v) => JSON.parse(v).id)).toEqual([id]);
    client.dispose();
  });

  it('a pool that does not allow guests: GuestAccessDisabled, not retryable, says how to enable it', async () => {
    const { client, storage } = page(transport(), { identityPoolId: NO_GUESTS_POOL });
    const err = await client.getCredentials().then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(CredentialsError);
    expect(err).toMatchObject({ code: 'GuestAccessDisabled', retryable: false });
    expect((err as Error).message).toContain('this identity pool does not allow unauthenticated identities');
    expect(client.getSnapshot().status).toBe('error');
    expect(storage.map.size).toBe(0);
    client.dispose();
  });

  it('basic flow: guests assume guestRoleArn through STS, and signing in links the same identity', async () => {
    const { client, signIn } = page(transport(), {
      flow: 'basic',
      customRoleArn: COGNITO_ROLE_ARN,
      guestRoleArn: COGNITO_GUEST_ROLE_ARN,
    });
    await client.getCredentials();
    const guest = client.getSnapshot().identity!;
    expect(guest).toMatchObject({ guest: true });
    expect(guest.assumedRoleArn).toContain('CognitoGuestReader');
    signIn(newSubject());
    await client.refresh();
    const user = client.getSnapshot().identity!;
    expect(user.identityId).toBe(guest.identityId);
    expect(user.assumedRoleArn).toContain('CognitoPhotoUploader');
    expect(aws.calls({ action: 'GetOpenIdToken' }).at(-1)).toMatchObject({ linked: 'linked' });
    client.dispose();
  });
});

describe('guest identity ids are bearer credentials: linked only when this browser minted them recently', () => {
  const KEY = `${GUEST_IDENTITY_STORAGE_PREFIX}${GUEST_IDENTITY_POOL_ID}`;
  /** Someone else's guest identity, minted by the kit's Cognito for a planter. */
  async function plantable(): Promise<string> {
    const opts = { region: aws.region, endpoint: aws.endpoint, signal: new AbortController().signal };
    return (await fetchTransport().cognitoGetId({ identityPoolId: GUEST_IDENTITY_POOL_ID }, opts)).identityId;
  }
  const linkedTo = (id: string) =>
    aws.calls({ action: 'GetCredentialsForIdentity' }).filter((c) => c.identityId === id && c.logins?.length);

  it.each([
    ['a bare id (not a record this browser wrote)', (id: string) => id],
    ['a record older than the bound', (id: string) => JSON.stringify({ id, at: Date.now() - 2 * 3_600_000 })],
    ['a record from the future', (id: string) => JSON.stringify({ id, at: Date.now() + 3_600_000 })],
  ])('a planted id, %s, is neither linked on sign-in nor used for guest keys', async (_n, record) => {
    const planted = await plantable();
    const storage = memoryStorage();
    storage.setItem(KEY, record(planted));
    const { client, signIn } = page(fetchTransport(), { guestStorage: storage });
    signIn(newSubject());
    await client.getCredentials();
    expect(client.getSnapshot().identity?.identityId).not.toBe(planted);
    expect(linkedTo(planted)).toEqual([]);
    expect(storage.map.has(KEY)).toBe(false);
    client.signOut();
    await client.getCredentials();
    expect(client.getSnapshot().identity).toMatchObject({ guest: true });
    expect(client.getSnapshot().identity?.identityId).not.toBe(planted);
    client.dispose();
  });

  it('a guest past guestIdentityMaxAgeMs signs in with its own identity; within it the guest is linked', async () => {
    const late = page(fetchTransport(), { guestIdentityMaxAgeMs: 30 });
    await late.client.getCredentials();
    const oldGuest = late.client.getSnapshot().identity!.identityId!;
    await new Promise((r) => setTimeout(r, 60));
    late.signIn(newSubject());
    await late.client.refresh();
    expect(late.client.getSnapshot().identity?.identityId).not.toBe(oldGuest);
    expect(linkedTo(oldGuest)).toEqual([]);
    late.client.dispose();

    const soon = page(fetchTransport(), { guestIdentityMaxAgeMs: 60_000 });
    await soon.client.getCredentials();
    const guest = soon.client.getSnapshot().identity!.identityId!;
    soon.signIn(newSubject());
    await soon.client.refresh();
    expect(soon.client.getSnapshot().identity?.identityId).toBe(guest);
    expect(linkedTo(guest)).toHaveLength(1);
    soon.client.dispose();
  });

  it('linkGuestOnSignIn: false signs in with the login’s own identity and drops the guest id', async () => {
    const { client, signIn, storage, events } = page(fetchTransport(), { linkGuestOnSignIn: false });
    await client.getCredentials();
    const guest = client.getSnapshot().identity!.identityId!;
    signIn(newSubject());
    await client.refresh();
    expect(client.getSnapshot().identity?.identityId).not.toBe(guest);
    expect(client.getSnapshot().identity?.guest).toBeUndefined();
    expect(linkedTo(guest)).toEqual([]);
    expect(storage.map.size).toBe(0);
    expect(events.filter((e) => e.type === 'guest-upgrade')).toEqual([]);
    client.dispose();
  });

  it('sign-out removes the kept id (another tab’s guest too) before minting the next guest', async () => {
    const storage = memoryStorage();
    const { client, signIn } = page(fetchTransport(), { guestStorage: storage });
    signIn(newSubject());
    await client.getCredentials();
    // Meanwhile another tab of this browser, still a guest, minted and kept a guest id.
    const otherTabs = await plantable();
    storage.setItem(KEY, JSON.stringify({ id: otherTabs, at: Date.now() }));
    client.signOut();
    expect(storage.map.has(KEY)).toBe(false);
    await client.getCredentials();
    const next = client.getSnapshot().identity!;
    expect(next.guest).toBe(true);
    expect(next.identityId).not.toBe(otherTabs);
    expect(JSON.parse(storage.map.get(KEY)!).id).toBe(next.identityId);
    client.dispose();
  });
});
