import { checkRegion, configError } from '../aws/validate.js';
import type { CredentialsEventListener } from '../events.js';
import { crossTabFor } from '../flight/crossTab.js';
import { channelNameFor } from '../flight/tabs.js';
import { DEV, devWarn } from '../platform/env.js';
import { defaultPlatform, type Platform } from '../platform/platform.js';
import { missingTransport } from '../transport/missing.js';
import type { CredentialsClientOptions } from '../types.js';
import type { ClientConfig } from './state.js';

/** Options of `createCredentialsClient`: the required ones plus refresh windows, transport, cross-tab sharing and events. */
export interface CreateCredentialsClientOptions extends CredentialsClientOptions {
  /**
   * BroadcastChannel name used to sign other tabs out when this one signs out. Default
   * `'web-identity'` in browsers and workers, off in Node (where one process serves many users); `false` turns it off.
   */
  broadcastChannel?: string | false;
  /**
   * Share credentials with the other tabs of this browser profile, in memory: one exchange per identity however
   * many tabs are open (a Web Lock around each exchange, the keys passed over `broadcastChannel`). Default: on in
   * browser windows that have Web Locks and BroadcastChannel, off elsewhere (workers, Node); `false` turns it
   * off. See the README's "Many tabs".
   */
  crossTab?: boolean;
  /**
   * Called with every `CredentialsEvent` (exchange start/success/failure, refresh planned, sign-out, wake-up):
   * for logs and metrics. Never receives a secret, token or subject. `client.subscribeEvents()` adds more.
   */
  onEvent?: CredentialsEventListener;
  /**
   * What the client needs from its runtime (clocks, timers, wake signals, storage, locks, channel, crypto); any
   * part given replaces `defaultPlatform()`'s, which reads the browser, worker or server it runs in. E.g. React
   * Native passes an AppState-based `watchWake` and its own `storage`. See the README's "Runtimes".
   */
  platform?: Partial<Platform>;
}

function checkMs(name: string, v: unknown): number {
  if (typeof v !== 'number' || !(v >= 0) || !Number.isFinite(v)) {
    throw configError(DEV ? `createCredentialsClient: ${name} must be a number of milliseconds ≥ 0.` : '');
  }
  return v;
}

/**
 * Checks the options at construction (nothing is sent to AWS for a bad one) and applies the defaults.
 * The transport is the option's, else the source's own (see `CredentialsSource.transport`): nothing here
 * imports a transport, so an app whose sources come from `@web-identity/core/fetch` never reaches the SDK.
 */
export function resolveOptions(options: CreateCredentialsClientOptions): ClientConfig {
  const { region, source, getIdToken } = options ?? ({} as CreateCredentialsClientOptions);
  if (typeof region !== 'string')
    throw configError(DEV ? 'createCredentialsClient: region is required (e.g. "eu-west-1").' : '');
  checkRegion(region, 'createCredentialsClient');
  if (!source || typeof source.exchange !== 'function') {
    throw configError(
      DEV
        ? 'createCredentialsClient: source must be webIdentity(...), cognitoIdentityPool(...), credentialEndpoint(...) or an object with exchange().'
        : '',
    );
  }
  if (typeof getIdToken !== 'function') {
    throw configError(
      DEV
        ? 'createCredentialsClient: getIdToken must be a function returning the ID token, or null when signed out.'
        : '',
    );
  }
  const refreshBeforeExpiryMs = checkMs('refreshBeforeExpiryMs', options.refreshBeforeExpiryMs ?? 5 * 60_000);
  const minValidityMs = checkMs('minValidityMs', options.minValidityMs ?? 60_000);
  if (DEV && refreshBeforeExpiryMs < minValidityMs) {
    devWarn(
      'windows',
      `refreshBeforeExpiryMs (${refreshBeforeExpiryMs}) is shorter than minValidityMs (${minValidityMs}): every refresh will make callers wait.`,
      'refreshbeforeexpiryms-shorter-than-minvalidityms',
    );
  }
  const platform = defaultPlatform(options.platform);
  const channelName = channelNameFor(options.broadcastChannel, platform);
  return {
    region,
    source,
    getIdToken,
    transport: options.transport ?? source.transport ?? missingTransport(),
    refreshBeforeExpiryMs,
    minValidityMs,
    channelName,
    crossTab: crossTabFor(options.crossTab, channelName, platform),
    platform,
  };
}
