import {
  type CredentialsEvent,
  maskAccessKeyId,
  type RefreshWindows,
  refreshWindows,
  type Transport,
  type TransportWithCalls,
} from '@web-identity/react';
import { masked, shortToken } from './mask.js';

/** What the playground shows of the last AssumeRoleWithWebIdentity: the request and response, masked. */
export interface ExchangeView {
  endpoint: string;
  request: Record<string, string>;
  response: Record<string, string> | null;
  error: string | null;
}

/** The refresh plan from core's events: lifetime, clock offset, the windows and the next planned refresh. */
export interface PlanView {
  lifetimeSeconds: number;
  clockOffsetMs: number;
  windows: RefreshWindows;
}

export interface WatchState {
  exchange: ExchangeView | null;
  plan: PlanView | null;
  /** The next attempt core planned (`refresh-scheduled`): a refresh, or a retry after a failure. */
  next: { at: Date; reason: 'refresh' | 'retry' } | null;
}

/**
 * Watches the real exchange without changing it: a transport that records what the library sends and
 * receives (the token shortened, secrets masked before anything is kept), and an `onEvent` listener for the
 * refresh plan. A small subscribable store, read with `useSyncExternalStore`.
 */
export function createExchangeWatch(timing: { refreshBeforeExpiryMs: number; minValidityMs: number }) {
  let state: WatchState = { exchange: null, plan: null, next: null };
  const listeners = new Set<() => void>();
  const set = (next: Partial<WatchState>) => {
    state = { ...state, ...next };
    for (const l of listeners) l();
  };

  const transport = (base: TransportWithCalls): Transport => ({
    ...base,
    name: base.name,
    cognitoGetId: base.cognitoGetId.bind(base),
    cognitoGetCredentialsForIdentity: base.cognitoGetCredentialsForIdentity.bind(base),
    cognitoGetOpenIdToken: base.cognitoGetOpenIdToken.bind(base),
    async assumeRoleWithWebIdentity(input, opts) {
      const request: Record<string, string> = {
        Action: 'AssumeRoleWithWebIdentity',
        Version: '2011-06-15',
        RoleArn: input.roleArn,
        RoleSessionName: input.roleSessionName,
        WebIdentityToken: shortToken(input.webIdentityToken),
        ...(input.durationSeconds !== undefined ? { DurationSeconds: String(input.durationSeconds) } : {}),
      };
      const endpoint = opts.endpoint ?? `https://sts.${opts.region}.amazonaws.com/`;
      set({ exchange: { endpoint, request, response: null, error: null } });
      try {
        const r = await base.assumeRoleWithWebIdentity(input, opts);
        const response: Record<string, string> = {
          'AssumedRoleUser.Arn': r.identity?.assumedRoleArn ?? '',
          SubjectFromWebIdentityToken: r.identity?.subject ?? '',
          Audience: r.identity?.audience ?? '',
          Provider: r.identity?.provider ?? '',
          'Credentials.AccessKeyId': maskAccessKeyId(r.accessKeyId),
          'Credentials.SecretAccessKey': masked(r.secretAccessKey),
          'Credentials.SessionToken': masked(r.sessionToken),
          'Credentials.Expiration': r.expiration.toISOString(),
          'Date (response header)': r.serverDate?.toUTCString() ?? '(not readable here)',
        };
        set({ exchange: { endpoint, request, response, error: null } });
        return r;
      } catch (err) {
        set({ exchange: { endpoint, request, response: null, error: String((err as Error).message) } });
        throw err;
      }
    },
  });

  const onEvent = (event: CredentialsEvent) => {
    if (event.type === 'exchange-success') {
      const windows = refreshWindows(
        event.lifetimeSeconds * 1000,
        timing.refreshBeforeExpiryMs,
        timing.minValidityMs,
      );
      set({
        plan: {
          lifetimeSeconds: event.lifetimeSeconds,
          clockOffsetMs: event.clockOffsetMs,
          windows,
        },
      });
    } else if (event.type === 'refresh-scheduled') {
      set({ next: { at: event.at, reason: event.reason } });
    } else if (event.type === 'signed-out') {
      set({ exchange: null, plan: null, next: null });
    }
  };

  return {
    transport,
    onEvent,
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => state,
  };
}

export type ExchangeWatch = ReturnType<typeof createExchangeWatch>;
