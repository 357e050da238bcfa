/**
 * The Hermes run: core's bundle (as the app's Metro config builds it) in the Hermes VM, with React Native's
 * globals (./rnGlobals.ts), against the local kit over real HTTP. It runs the conformance suite
 * (`@web-identity/conformance`, the same scenarios as every other target) with the app's platform, then the
 * React Native scenarios of its own (no crypto or DOM globals, AppState wake, the guest id in AsyncStorage).
 * Each reports pass, fail or n/a with its reason; the host test (../hermes.test.ts) checks them.
 */
import './rnGlobals';
import {
  KitControl,
  type KitUrls,
  runSuite,
  SCENARIO_IDS,
  type ScenarioResult,
  type TargetResults,
} from '@web-identity/conformance';
import * as core from '@web-identity/core';
import { type AppStateLike, appStateWake, preloadedStorage } from '../../src/platform';
import { hostCall, onHostEvent, tellHost } from './rnGlobals';
import { installWebCryptoModule } from './webCryptoModule';

type Config = { kit: KitUrls; guestPoolId: string };

class Failed extends Error {}
function check(ok: unknown, what: string): asserts ok {
  if (!ok) throw new Failed(what);
}

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

/** AsyncStorage as the app would import it, its native module played by the host (which keeps the values). */
const asyncStorage = {
  getItem: (key: string) => hostCall('storage.get', { key }) as Promise<string | null>,
  setItem: async (key: string, value: string) => void (await hostCall('storage.set', { key, value })),
  removeItem: async (key: string) => void (await hostCall('storage.remove', { key })),
};

/** The scenario that needs a WebCrypto module, which a React Native app adds itself; it runs with one. */
const NEEDS_WEBCRYPTO = 'signed-fetch-s3';
const WITH_WEBCRYPTO =
  'with a WebCrypto module installed by the app (crypto.subtle: react-native-quick-crypto or similar; here the host computes SHA-256/HMAC); React Native has none of its own';

/** React Native's own scenarios, beyond the suite. */
const REACT_NATIVE: Record<string, (cfg: Config, control: KitControl) => Promise<string>> = {
  /** The VM is Hermes (not a JavaScript engine that merely looks like it). */
  async 'runs in Hermes'() {
    const hermes = (globalThis as { HermesInternal?: { getRuntimeProperties?(): Record<string, unknown> } })
      .HermesInternal;
    check(typeof hermes?.getRuntimeProperties === 'function', 'no HermesInternal: not the Hermes VM');
    const props = hermes.getRuntimeProperties();
    return `Hermes ${String(props['OSS Release Version'] ?? '?')}, bytecode ${String(props['Bytecode Version'] ?? '?')}`;
  },

  /** The run has none of what a device lacks: core must not need them unconditionally. */
  async 'no crypto or DOM globals'() {
    const g = globalThis as Record<string, unknown>;
    const absent = [
      'crypto',
      'document',
      'window',
      'self',
      'location',
      'navigator',
      'addEventListener',
      'localStorage',
      'sessionStorage',
      'indexedDB',
      'BroadcastChannel',
      'TextDecoder',
      'atob',
    ];
    const present = absent.filter((name) => g[name] !== undefined);
    check(present.length === 0, `present: ${present.join(', ')}`);
    check(typeof fetch === 'function' && typeof URLSearchParams === 'function', 'RN globals missing');
    return `absent: ${absent.join(', ')}`;
  },

  async 'wake from AppState'(cfg, control) {
    const appState = fakeAppState();
    const wakes: string[] = [];
    const client = core.createCredentialsClient({
      region: cfg.kit.region,
      source: core.webIdentity({ roleArn: cfg.kit.roleArn, endpoint: cfg.kit.awsEndpoint }),
      getIdToken: () => control.idToken('hermes-wake'),
      platform: { watchWake: appStateWake(appState) },
      onEvent: (e) => e.type === 'wake' && wakes.push(e.cause),
    });
    await client.getCredentials();
    check(appState.listeners() === 1, `${appState.listeners()} AppState listeners while running`);
    appState.set('background');
    appState.set('active');
    appState.set('active'); // not a wake: it never left the foreground
    client.dispose();
    check(wakes.length === 1 && wakes[0] === 'visibilitychange', `wakes: ${wakes.join(', ') || 'none'}`);
    check(appState.listeners() === 0, 'the AppState listener outlived the client');
    return 'background → active woke the client once; dispose removed the listener';
  },

  async 'guest id kept in the storage the app passes'(cfg, control) {
    const key = core.GUEST_IDENTITY_STORAGE_PREFIX + cfg.guestPoolId;
    const launch = async () => {
      const storage = await preloadedStorage(asyncStorage, [key]);
      const client = core.createCredentialsClient({
        region: cfg.kit.region,
        source: core.cognitoIdentityPool({
          identityPoolId: cfg.guestPoolId,
          endpoint: cfg.kit.awsEndpoint,
          guest: true,
        }),
        getIdToken: async () => null,
        platform: { storage: () => storage },
      });
      await client.getCredentials();
      return { client, storage, identityId: client.getSnapshot().identity?.identityId };
    };
    await control.reset();
    const first = await launch();
    await first.storage.flushed();
    first.client.dispose();
    const stored = (await hostCall('storage.get', { key })) as string | null;
    check(stored?.includes(first.identityId ?? '?'), 'the guest id did not reach AsyncStorage');
    const second = await launch(); // the app launched again: the same guest, no new identity
    check(second.identityId === first.identityId, 'a new guest on the second launch');
    const getIds = await control.calls({ action: 'GetId' });
    check(getIds.length === 1, `GetId called ${getIds.length} times for one guest`);
    second.client.signOut();
    await second.storage.flushed();
    check((await hostCall('storage.get', { key })) === null, 'sign-out left the guest id in storage');
    second.client.dispose();
    return `guest ${first.identityId} reused after a relaunch; removed on sign-out`;
  },
};

/** The suite: first without any crypto, then the signing scenario with the app's WebCrypto module. */
async function suite(cfg: Config, target: { name: string; platform: object }): Promise<TargetResults> {
  const onResult = (id: string, result: ScenarioResult) => tellHost('scenario', { id, ...result });
  const plain = await runSuite(core, cfg.kit, target, {
    only: SCENARIO_IDS.filter((id) => id !== NEEDS_WEBCRYPTO),
    onResult,
  });
  const uninstall = installWebCryptoModule();
  let signed: TargetResults;
  try {
    signed = await runSuite(core, cfg.kit, target, { only: [NEEDS_WEBCRYPTO], onResult });
  } finally {
    uninstall();
  }
  const result = signed[NEEDS_WEBCRYPTO];
  const withModule: ScenarioResult =
    result.status === 'pass' ? { status: 'pass', reason: WITH_WEBCRYPTO } : result;
  return Object.fromEntries(SCENARIO_IDS.map((id) => [id, id === NEEDS_WEBCRYPTO ? withModule : plain[id]]));
}

onHostEvent('start', async (payload) => {
  const cfg = payload as unknown as Config;
  // The app's platform (src/credentials.ts): AppState wakes the client; it stays active during the suite.
  const target = { name: 'hermes', platform: { watchWake: appStateWake(fakeAppState()) } };
  const results = await suite(cfg, target);
  const control = new KitControl(cfg.kit);
  const reactNative: TargetResults = {};
  for (const [name, run] of Object.entries(REACT_NATIVE)) {
    try {
      reactNative[name] = { status: 'pass', reason: await run(cfg, control) };
    } catch (e) {
      reactNative[name] = { status: 'fail', reason: e instanceof Failed ? e.message : `threw ${String(e)}` };
    }
    tellHost('scenario', { id: name, ...reactNative[name] });
  }
  tellHost('done', { suite: results, reactNative });
});
tellHost('ready');
