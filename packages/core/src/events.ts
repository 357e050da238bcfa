import type { CredentialsErrorCode } from './errors.js';

/** What woke a client up to re-check its keys: the page shown again, the network back, the window focused. */
export type WakeCause = 'online' | 'focus' | 'pageshow' | 'visibilitychange';

/** How a guest became the signed-in user (see `ExchangeResult.upgrade` and the `guest-upgrade` event). */
export type GuestUpgrade = 'linked' | 'switched';

/**
 * What the client did, for logs, metrics and devtools: `onEvent` in the options or `client.subscribeEvents()`.
 * Never a secret, a token or a subject: only kinds, codes, durations and instants.
 */
export type CredentialsEvent =
  | { readonly type: 'exchange-start'; readonly source: string }
  | {
      readonly type: 'exchange-success';
      readonly source: string;
      /** `fetch`, `sdk` or your transport's name. */
      readonly transport: string;
      readonly durationMs: number;
      /** How long the keys are valid from when they arrived (AWS's grant, corrected for its clock). */
      readonly lifetimeSeconds: number;
      /** AWS's clock minus this device's, from the response `Date` header (0 when unreadable). */
      readonly clockOffsetMs: number;
      /** `exchange`: this client called AWS; `peer`: another tab shared its credentials. */
      readonly origin: 'exchange' | 'peer';
    }
  | {
      readonly type: 'exchange-failure';
      readonly source: string;
      readonly code: CredentialsErrorCode;
      readonly retryable: boolean;
      /** Consecutive failed attempts, this one included. */
      readonly attempt: number;
      /** The next automatic attempt, or `null` when none is planned (until `refresh()`). */
      readonly retryAt: Date | null;
    }
  | { readonly type: 'refresh-scheduled'; readonly at: Date; readonly reason: 'refresh' | 'retry' }
  | {
      readonly type: 'signed-out';
      /**
       * `sign-out`: this tab; `other-tab`: another tab signed out; `no-token`: `getIdToken` returned null;
       * `identity-changed`: `getIdToken` returned another user's token (the previous user's keys are dropped and
       * read as expired; the new user's session goes on).
       */
      readonly reason: 'sign-out' | 'other-tab' | 'no-token' | 'identity-changed' | 'dispose';
    }
  | { readonly type: 'wake'; readonly cause: WakeCause }
  | {
      /**
       * A guest signed in: `linked` (the guest's identity now carries the login, same identity id) or `switched`
       * (the login already belonged to another identity, which is used from now on; the guest's is left behind).
       */
      readonly type: 'guest-upgrade';
      readonly source: string;
      readonly outcome: GuestUpgrade;
    };

/** Receives every `CredentialsEvent` (no secret, token or subject in any of them). */
export type CredentialsEventListener = (event: CredentialsEvent) => void;
