import { CredentialsError } from '../errors.js';
import { DEV } from '../platform/env.js';
import type { CredentialsClient } from '../types.js';
import { SIGNED_OUT_SNAPSHOT } from './store.js';

/** The actions the React hook, Vue composable and Angular service hand out. */
export interface QuietActions {
  /** Forces a new exchange. Ignores its arguments and never rejects: the outcome shows in the snapshot. */
  refresh(): Promise<void>;
  /** Signs out. Ignores its arguments and never throws. */
  signOut(): void;
}

const noop = (): void => {};
const direct = <T>(fn: () => T): T => fn();

/**
 * `refresh` and `signOut` that are safe as event handlers (`onClick={refresh}`): they ignore the event they
 * are called with, never reject or throw (a failure shows in the snapshot's `status` and `error`, also for a
 * custom client that throws synchronously). `run` wraps each call (Angular runs them outside its zone).
 *
 * @example
 * const { refresh, signOut } = quietActions(client);
 * button.addEventListener('click', refresh);
 */
export function quietActions(client: CredentialsClient, run: <T>(fn: () => T) => T = direct): QuietActions {
  return {
    refresh: () => {
      try {
        return run(() => client.refresh()).then(noop, noop);
      } catch {
        return Promise.resolve();
      }
    },
    signOut: () => {
      try {
        run(() => client.signOut());
      } catch {
        // The outcome shows in the snapshot.
      }
    },
  };
}

const onServer = (): Promise<never> =>
  Promise.reject(
    new CredentialsError(
      'NoIdentityToken',
      DEV
        ? 'No AWS credentials during server-side rendering: nobody is signed in on the server. The browser takes over after hydration.'
        : '',
    ),
  );

/**
 * The client adapters use during server-side rendering: always signed out, starts nothing, touches no global;
 * every request for credentials rejects with `NoIdentityToken`.
 *
 * @example
 * const client = isPlatformServer(platformId) ? SERVER_CLIENT : inject(AWS_CREDENTIALS_CLIENT);
 */
export const SERVER_CLIENT: CredentialsClient = /* @__PURE__ */ Object.freeze({
  getSnapshot: () => SIGNED_OUT_SNAPSHOT,
  subscribe: () => noop,
  subscribeEvents: () => noop,
  getCredentials: onServer,
  refresh: onServer,
  provider: onServer,
  signOut: noop,
  dispose: noop,
});
