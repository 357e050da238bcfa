/**
 * What a React Native app passes as core's `platform`: wake on AppState (the app came back to the foreground,
 * where timers may have slept meanwhile) and a storage for the guest's identity id. Only types come from the
 * library, so this file runs anywhere (the Hermes harness bundles it as is).
 */
import type { Platform, StorageLike } from '@web-identity/core';

/** The part of React Native's `AppState` this uses (`import { AppState } from 'react-native'`). */
export interface AppStateLike {
  currentState?: string | null;
  addEventListener(type: 'change', listener: (state: string) => void): { remove(): void };
}

/**
 * `platform.watchWake` from AppState: wakes the client when the app becomes `active` again after `background`
 * or `inactive`, as a browser's `visibilitychange` does; stops listening when the client stops.
 *
 * @example
 * createCredentialsClient({ ...options, platform: { watchWake: appStateWake(AppState) } });
 */
export function appStateWake(appState: AppStateLike): Platform['watchWake'] {
  return (wake) => {
    let last = appState.currentState ?? 'active';
    const sub = appState.addEventListener('change', (next) => {
      if (next === 'active' && last !== 'active') wake('visibilitychange');
      last = next;
    });
    return () => sub.remove();
  };
}

/** An asynchronous key-value store: AsyncStorage as is, or SecureStore through `secureStoreKeyValue`. */
export interface AsyncKeyValue {
  getItem(key: string): Promise<string | null>;
  setItem(key: string, value: string): Promise<void>;
  removeItem(key: string): Promise<void>;
}

/**
 * Core reads its one stored item (the guest's identity id) synchronously, as it does `localStorage`; React
 * Native's stores answer asynchronously. This reads `keys` once before the client is made, then serves them
 * from memory and writes every change through, in order. A failed write leaves memory as the truth for this run.
 *
 * @example
 * const storage = await preloadedStorage(AsyncStorage, [GUEST_IDENTITY_STORAGE_PREFIX + identityPoolId]);
 * createCredentialsClient({ ...options, platform: { storage: () => storage } });
 */
export async function preloadedStorage(
  store: AsyncKeyValue,
  keys: readonly string[],
): Promise<StorageLike & { flushed(): Promise<void> }> {
  const memory = new Map<string, string>();
  await Promise.all(
    keys.map(async (key) => {
      const value = await store.getItem(key).catch(() => null);
      if (value !== null) memory.set(key, value);
    }),
  );
  let writes: Promise<unknown> = Promise.resolve();
  const later = (write: () => Promise<void>) => {
    writes = writes.then(write).catch(() => undefined);
  };
  return {
    getItem: (key) => memory.get(key) ?? null,
    setItem(key, value) {
      memory.set(key, value);
      later(() => store.setItem(key, value));
    },
    removeItem(key) {
      memory.delete(key);
      later(() => store.removeItem(key));
    },
    /** Resolves once every write made so far has reached the store. */
    flushed: () => writes.then(() => undefined),
  };
}

/** The part of `expo-secure-store` this uses. */
export interface SecureStoreLike {
  getItemAsync(key: string): Promise<string | null>;
  setItemAsync(key: string, value: string): Promise<void>;
  deleteItemAsync(key: string): Promise<void>;
}

/**
 * SecureStore (Keychain / Keystore) as an `AsyncKeyValue`. SecureStore accepts only letters, digits, `.`, `-`
 * and `_` in a key, and core's key has `:` in it (`web-identity:guest-identity-id:<pool id>`): each other
 * character becomes `_`.
 */
export function secureStoreKeyValue(secureStore: SecureStoreLike): AsyncKeyValue {
  const safe = (key: string) => key.replace(/[^\w.-]/g, '_');
  return {
    getItem: (key) => secureStore.getItemAsync(safe(key)),
    setItem: (key, value) => secureStore.setItemAsync(safe(key), value),
    removeItem: (key) => secureStore.deleteItemAsync(safe(key)),
  };
}
