import type { Platform } from '../platform/platform.js';
import type { CredentialsSource, GetIdToken, Transport } from '../types.js';

/**
 * A client's options, checked and with defaults applied (client/options.ts): what one exchange, its grant and the
 * cross-tab sharing read. Never the client's state.
 */
export interface ClientConfig {
  readonly region: string;
  readonly source: CredentialsSource;
  readonly getIdToken: GetIdToken;
  readonly transport: Transport;
  readonly refreshBeforeExpiryMs: number;
  readonly minValidityMs: number;
  readonly channelName: string | false;
  /** Share credentials with the other tabs of the browser profile (see crossTab.ts). */
  readonly crossTab: boolean;
  /** The runtime: clocks, timers, wake signals, storage, locks, channel, crypto (platform/platform.ts). */
  readonly platform: Platform;
}
