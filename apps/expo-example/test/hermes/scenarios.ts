/**
 * The Hermes run: core's bundle (as the app's Metro config builds it) in the Hermes VM, with React Native's
 * globals (./rnGlobals.ts), against the local kit over real HTTP. Each scenario reports pass, fail or n/a with
 * its reason; the host test (../hermes.test.ts) checks them and the kit's own counts.
 */
import './rnGlobals';
import {
  type CredentialsClient,
  type CredentialsEvent,
  type CredentialsSource,
  cognitoIdentityPool,
  createCredentialsClient,
  GUEST_IDENTITY_STORAGE_PREFIX,
  webIdentity,
} from '@web-identity/core';
import { type AppStateLike, appStateWake, preloadedStorage } from '../../src/platform';
import { hostCall, onHostEvent, tellHost } from './rnGlobals';

interface Config {
  region: string;
  endpoint: string;
  roleArn: string;
  poolId: string;
  guestPoolId: string;
}
type Outcome = { status: 'pass' | 'fail' | 'n/a'; detail: string };

class Failed extends Error {}
function check(ok: unknown, what: string): asserts ok {
  if (!ok) throw new Failed(what);
}

const idToken = (sub: string) => () => hostCall('idToken', { sub }) as Promise<string>;
const kitCount = async (action: string) => (await hostCall('kitCount', { action })) as number;

/** React Native's AppState, driven by the scenario (on a device the OS drives it through a native module). */
function fakeAppState(): AppStateLike & { set(state: string): void; listeners(): number } {
  const listeners = new Set<(state: string) => void>();
  const appState = {
    currentState: 'active' as string | null,
    addEventListener(_type: 'change', fn: (state: string) => void) {
      listeners.add(fn);
      return { remove: () => listeners.delete(fn) };
    },
    set(state: string) {
      appState.currentState = state;
      for (const fn of [...listeners]) fn(state);
    },
    listeners: () => listeners.size,
  };
  return appState;
}

/** AsyncStorage as the app would import it, its native module bridged to the host (which keeps the values). */
const asyncStorage = {
  getItem: (key: string) => hostCall('storage.get', { key }) as Promise<string | null>,
  setItem: async (key: string, value: string) => void (await hostCall('storage.set', { key, value })),
  removeItem: async (key: string) => void (await hostCall('storage.remove', { key })),
};

function client(cfg: Config, source: CredentialsSource, sub: string, more: object = {}): CredentialsClient {
  return createCredentialsClient({ region: cfg.region, source, getIdToken: idToken(sub), ...more });
}

const sts = (cfg: Config) => webIdentity({ roleArn: cfg.roleArn, endpoint: cfg.endpoint });

const SCENARIOS: Record<string, (cfg: Config) => Promise<string>> = {
  /** The run has none of what a device lacks: core must not need them unconditionally. */
  async 'no crypto or DOM globals'() {
    const g = globalThis as Record<string, unknown>;
    const absent = [
      'crypto',
      'document',
      'window',
      'navigator',
      'localStorage',
      'self',
      'TextDecoder',
      'atob',
    ];
    const present = absent.filter((name) => g[name] !== undefined);
    check(present.length === 0, `present: ${present.join(', ')}`);
    check(typeof fetch === 'function' && typeof URLSearchParams === 'function', 'RN globals missing');
    return `absent: ${absent.join(', ')}`;
  },

  async 'exchange with webIdentity'(cfg) {
    const before = await kitCount('AssumeRoleWithWebIdentity');
    const c = client(cfg, sts(cfg), 'hermes-sts');
    const creds = await c.getCredentials();
    const snap = c.getSnapshot();
    c.dispose();
    check(/^ASIA/.test(creds.accessKeyId), 'no temporary access key');
    check(snap.status === 'ready' && snap.identity?.subject === 'hermes-sts', `snapshot ${snap.status}`);
    check((await kitCount('AssumeRoleWithWebIdentity')) === before + 1, 'not one STS call');
    return `ready as ${snap.identity?.subject}, expires ${snap.expiresAt?.toISOString()}`;
  },

  async 'exchange with cognitoIdentityPool'(cfg) {
    const c = client(
      cfg,
      cognitoIdentityPool({ identityPoolId: cfg.poolId, endpoint: cfg.endpoint, stsEndpoint: cfg.endpoint }),
      'hermes-pool',
    );
    const creds = await c.getCredentials();
    const identityId = c.getSnapshot().identity?.identityId;
    c.dispose();
    check(creds.sessionToken.length > 0 && identityId?.startsWith(`${cfg.region}:`), 'no pool identity');
    return `identity ${identityId}`;
  },

  async 'single flight'(cfg) {
    const before = await kitCount('AssumeRoleWithWebIdentity');
    const c = client(cfg, sts(cfg), 'hermes-flight');
    const all = await Promise.all([1, 2, 3, 4, 5].map(() => c.getCredentials()));
    const count = c.getSnapshot().exchangeCount;
    c.dispose();
    check(new Set(all.map((k) => k.accessKeyId)).size === 1, 'callers got different keys');
    check(count === 1 && (await kitCount('AssumeRoleWithWebIdentity')) === before + 1, `${count} exchanges`);
    return '5 callers, 1 exchange';
  },

  /** The kit's credentials live 20 s: the scheduler's timers (bridged to the host) refresh them unasked. */
  async 'proactive refresh'(cfg) {
    const events: CredentialsEvent[] = [];
    const c = client(cfg, sts(cfg), 'hermes-refresh', { onEvent: (e: CredentialsEvent) => events.push(e) });
    const first = await c.getCredentials();
    const unsubscribe = c.subscribe(() => {});
    const refreshed = await new Promise<boolean>((resolve) => {
      const done = (ok: boolean) => {
        stop();
        clearTimeout(timer);
        resolve(ok);
      };
      const stop = c.subscribe(() => c.getSnapshot().exchangeCount >= 2 && done(true));
      const timer = setTimeout(() => done(false), 25_000);
    });
    const after = c.getSnapshot();
    unsubscribe();
    c.dispose();
    check(refreshed, 'no refresh within 25 s');
    check(after.credentials?.accessKeyId !== first.accessKeyId, 'same keys after the refresh');
    check(
      events.some((e) => e.type === 'refresh-scheduled'),
      'no refresh-scheduled event',
    );
    return `refreshed to new keys, ${after.exchangeCount} exchanges`;
  },

  async 'wake from AppState'(cfg) {
    const appState = fakeAppState();
    const wakes: string[] = [];
    const c = client(cfg, sts(cfg), 'hermes-wake', {
      platform: { watchWake: appStateWake(appState) },
      onEvent: (e: CredentialsEvent) => e.type === 'wake' && wakes.push(e.cause),
    });
    await c.getCredentials();
    check(appState.listeners() === 1, `${appState.listeners()} AppState listeners while running`);
    appState.set('background');
    appState.set('active');
    appState.set('active'); // not a wake: it never left the foreground
    c.dispose();
    check(wakes.length === 1 && wakes[0] === 'visibilitychange', `wakes: ${wakes.join(', ') || 'none'}`);
    check(appState.listeners() === 0, 'the AppState listener outlived the client');
    return 'background → active woke the client once; dispose removed the listener';
  },

  async 'guest id kept in the storage the app passes'(cfg) {
    const key = GUEST_IDENTITY_STORAGE_PREFIX + cfg.guestPoolId;
    const launch = async () => {
      const storage = await preloadedStorage(asyncStorage, [key]);
      const source = cognitoIdentityPool({
        identityPoolId: cfg.guestPoolId,
        endpoint: cfg.endpoint,
        guest: true,
      });
      const c = createCredentialsClient({
        region: cfg.region,
        source,
        getIdToken: async () => null,
        platform: { storage: () => storage },
      });
      await c.getCredentials();
      return { c, storage, identityId: c.getSnapshot().identity?.identityId };
    };
    const before = await kitCount('GetId');
    const first = await launch();
    await first.storage.flushed();
    first.c.dispose();
    const stored = (await hostCall('storage.get', { key })) as string | null;
    check(stored?.includes(first.identityId ?? '?'), 'the guest id did not reach AsyncStorage');
    const second = await launch(); // the app launched again: the same guest, no new identity
    check(second.identityId === first.identityId, 'a new guest on the second launch');
    check((await kitCount('GetId')) === before + 1, 'GetId called again');
    second.c.signOut();
    await second.storage.flushed();
    check((await hostCall('storage.get', { key })) === null, 'sign-out left the guest id in storage');
    second.c.dispose();
    return `guest ${first.identityId} reused after a relaunch; removed on sign-out`;
  },

  async 'sign-out wins a race'(cfg) {
    const c = client(cfg, sts(cfg), 'hermes-race');
    const pending = c.getCredentials().then(
      () => 'resolved',
      (e: { code?: string }) => e.code ?? 'unknown',
    );
    c.signOut();
    const outcome = await pending;
    const snap = c.getSnapshot();
    c.dispose();
    check(outcome === 'Aborted', `pending call ended ${outcome}`);
    check(snap.status === 'signed-out' && snap.credentials === null, `status ${snap.status}`);
    return 'the pending call was Aborted, no keys kept';
  },

  async 'typed error for an access token'(cfg) {
    const before = await kitCount('AssumeRoleWithWebIdentity');
    const c = createCredentialsClient({
      region: cfg.region,
      source: sts(cfg),
      getIdToken: () => hostCall('accessToken', { sub: 'hermes-at' }) as Promise<string>,
    });
    const code = await c.getCredentials().then(
      () => 'resolved',
      (e: { code?: string }) => e.code ?? 'unknown',
    );
    c.dispose();
    check(code === 'NotAnIdToken', `got ${code}`);
    check((await kitCount('AssumeRoleWithWebIdentity')) === before, 'STS was called');
    return 'NotAnIdToken, no STS call';
  },

  async 'typed error for an AWS refusal'(cfg) {
    const c = client(
      cfg,
      webIdentity({ roleArn: cfg.roleArn.replace(/[^/]+$/, 'NoSuchRole'), endpoint: cfg.endpoint }),
      'x',
    );
    const code = await c.getCredentials().then(
      () => 'resolved',
      (e: { code?: string }) => e.code ?? 'unknown',
    );
    c.dispose();
    check(code === 'AccessDenied', `got ${code}`);
    return 'AccessDenied';
  },
};

/** Scenarios this run cannot do, with the reason (never skipped silently). */
const NOT_APPLICABLE: Record<string, string> = {
  'signedFetch to S3':
    'needs WebCrypto (crypto.subtle), which Hermes and React Native do not have; an app adds one (react-native-quick-crypto) or uses @aws-sdk/client-s3, which signs with its own SHA-256',
  'cross-tab sharing':
    'a React Native app has one JavaScript context: no tabs, no BroadcastChannel, no Web Locks',
};

onHostEvent('start', async (payload) => {
  const cfg = payload as unknown as Config;
  const only = (payload.only as string[] | undefined) ?? Object.keys(SCENARIOS);
  const results: Record<string, Outcome> = {};
  for (const name of only) {
    try {
      results[name] = { status: 'pass', detail: await SCENARIOS[name](cfg) };
    } catch (e) {
      results[name] = { status: 'fail', detail: e instanceof Failed ? e.message : `threw ${String(e)}` };
    }
    tellHost('scenario', { name, ...results[name] });
  }
  for (const [name, reason] of Object.entries(NOT_APPLICABLE))
    results[name] = { status: 'n/a', detail: reason };
  tellHost('done', { results });
});
tellHost('ready');
