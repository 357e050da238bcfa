/** The app's platform pieces in Node with fakes: AppState wakes, storage preloaded and written through in order. */
import { describe, expect, it } from 'vitest';
import { type AppStateLike, appStateWake, preloadedStorage, secureStoreKeyValue } from '../src/platform';

function fakeAppState(): AppStateLike & { set(s: string): void; count(): number } {
  const fns = new Set<(s: string) => void>();
  const a = {
    currentState: 'active' as string | null,
    addEventListener: (_t: 'change', fn: (s: string) => void) => {
      fns.add(fn);
      return { remove: () => fns.delete(fn) };
    },
    set(s: string) {
      a.currentState = s;
      for (const fn of [...fns]) fn(s);
    },
    count: () => fns.size,
  };
  return a;
}

describe('appStateWake', () => {
  it('wakes once per return to the foreground, and stops listening', () => {
    const appState = fakeAppState();
    const causes: string[] = [];
    const stop = appStateWake(appState)((cause) => causes.push(cause));
    appState.set('active');
    appState.set('inactive');
    appState.set('background');
    appState.set('active');
    appState.set('background');
    appState.set('active');
    expect(causes).toEqual(['visibilitychange', 'visibilitychange']);
    stop();
    expect(appState.count()).toBe(0);
  });
});

describe('preloadedStorage', () => {
  it('serves the preloaded keys at once and writes changes through in order', async () => {
    const backing = new Map([['k', 'old']]);
    const log: string[] = [];
    const store = {
      getItem: async (key: string) => backing.get(key) ?? null,
      setItem: async (key: string, value: string) => {
        await new Promise((r) => setTimeout(r, 5));
        log.push(`set ${value}`);
        backing.set(key, value);
      },
      removeItem: async (key: string) => {
        log.push('remove');
        backing.delete(key);
      },
    };
    const storage = await preloadedStorage(store, ['k', 'absent']);
    expect(storage.getItem('k')).toBe('old');
    expect(storage.getItem('absent')).toBeNull();
    storage.setItem('k', 'new');
    storage.removeItem('k');
    storage.setItem('k', 'last');
    expect(storage.getItem('k')).toBe('last');
    await storage.flushed();
    expect(log).toEqual(['set new', 'remove', 'set last']);
    expect(backing.get('k')).toBe('last');
  });

  it('keeps working in memory when the store fails', async () => {
    const failing = {
      getItem: () => Promise.reject(new Error('locked')),
      setItem: () => Promise.reject(new Error('full')),
      removeItem: () => Promise.reject(new Error('full')),
    };
    const storage = await preloadedStorage(failing, ['k']);
    storage.setItem('k', 'v');
    await storage.flushed();
    expect(storage.getItem('k')).toBe('v');
  });
});

describe('secureStoreKeyValue', () => {
  it("maps core's key to the characters SecureStore accepts", async () => {
    const keys: string[] = [];
    const kv = secureStoreKeyValue({
      getItemAsync: async (k) => {
        keys.push(k);
        return null;
      },
      setItemAsync: async (k) => void keys.push(k),
      deleteItemAsync: async (k) => void keys.push(k),
    });
    await kv.getItem('web-identity:guest-identity-id:eu-west-1:0b5e7c2a-3f1d');
    await kv.setItem('a b/c', 'v');
    expect(keys).toEqual(['web-identity_guest-identity-id_eu-west-1_0b5e7c2a-3f1d', 'a_b_c']);
    for (const k of keys) expect(k).toMatch(/^[\w.-]+$/);
  });
});
