import { fakeBrowserProfile } from '@web-identity/testing';
import { vi } from 'vitest';
import { CredentialsError } from '../src/errors.js';
import type { ExchangeResult, Transport } from '../src/types.js';
import { freshResult } from './helpers.js';

/**
 * The kit's fake browser profile, with each tab's globals installed through `vi.stubGlobal` (so
 * `vi.unstubAllGlobals()` undoes them): a client created and started right after `openTab()` belongs to that tab.
 */
export function fakeProfile() {
  const profile = fakeBrowserProfile();
  return {
    ...profile,
    openTab(opts: { locks?: boolean; channel?: boolean; window?: boolean } = {}) {
      const tab = profile.openTab(opts);
      const enter = () => {
        for (const [name, value] of Object.entries(tab.globals)) vi.stubGlobal(name, value);
        if (opts.window) {
          vi.stubGlobal('addEventListener', tab.window.addEventListener);
          vi.stubGlobal('removeEventListener', tab.window.removeEventListener);
          vi.stubGlobal('document', {
            visibilityState: 'visible',
            addEventListener: () => {},
            removeEventListener: () => {},
          });
        }
      };
      enter();
      return { tab: tab.id, window: tab.window, enter, Channel: tab.globals.BroadcastChannel! };
    },
  };
}

/**
 * An STS transport that answers by itself after `latencyMs` (fake timers), with keys that live `lifetimeMs`;
 * `stats.hang = true` makes the next calls wait until the test calls one of `stats.late` (a tab closed or
 * frozen mid-exchange). Counts calls per instance.
 */
export function autoTransport(lifetimeMs: number, latencyMs = 100, timeoutMs?: number) {
  const stats = { calls: 0, aborted: 0, hang: false, late: [] as Array<() => void> };
  const transport: Transport = {
    name: 'fake',
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    assumeRoleWithWebIdentity(_input, opts) {
      stats.calls++;
      return new Promise<ExchangeResult>((resolve, reject) => {
        opts.signal.addEventListener('abort', () => {
          stats.aborted++;
          reject(new CredentialsError('Aborted', 'aborted'));
        });
        const answer = () => resolve(freshResult(lifetimeMs));
        if (stats.hang) stats.late.push(answer);
        else setTimeout(answer, latencyMs);
      });
    },
    cognitoGetId: () => Promise.reject(new Error('not used')),
    cognitoGetCredentialsForIdentity: () => Promise.reject(new Error('not used')),
    cognitoGetOpenIdToken: () => Promise.reject(new Error('not used')),
  };
  return { transport, stats };
}
