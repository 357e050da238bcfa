import type { CredentialsEventListener } from '../events.js';
import type { CredentialsClient, Listener } from '../types.js';
import { type CreateCredentialsClientOptions, resolveOptions } from './options.js';
import {
  currentSnapshot,
  dispose,
  getCredentials,
  publish,
  refresh,
  start,
  startSession,
  subscribeEvents,
  wipe,
} from './scheduler.js';
import { type ClientState, newState } from './state.js';
import { createStore } from './store.js';

export { DEFAULT_BROADCAST_CHANNEL } from '../flight/tabs.js';
export type { CreateCredentialsClientOptions } from './options.js';
export { getServerSnapshot, SIGNED_OUT_SNAPSHOT } from './store.js';

/*
 * How it is built: this file is the facade; it forwards each call to the scheduler, the only writer of the
 * client's state. options.ts checks the options; store.ts holds the snapshots and listeners; scheduler.ts is the
 * state machine (single flight, backoff, timers, sign-out); flight/ is one exchange (the forced-token-refresh
 * rule, the grant on AWS's clock, cross-tab sharing); time/ holds the clocks and the window, jitter and backoff
 * arithmetic; platform/ is the only part that reads the environment.
 */

function subscribe(s: ClientState, listener: Listener): () => void {
  const unsubscribe = s.store.subscribe(listener);
  if (!s.everStarted && !s.disposed) {
    startSession(s);
    start(s);
    publish(s);
  }
  return unsubscribe;
}

/**
 * Creates a credentials client: it trades the user's ID token for temporary AWS credentials through
 * `source`, keeps them in memory, refreshes them before they expire and shares one exchange between every
 * caller. Creating it does nothing: the session starts with the first `subscribe()`, `getCredentials()` or
 * `refresh()`.
 *
 * @example
 * const client = createCredentialsClient({
 *   region: 'eu-west-1',
 *   source: webIdentity({ roleArn: 'arn:aws:iam::123456789012:role/PhotoUploader' }),
 *   getIdToken: async () => (await userManager.getUser())?.id_token ?? null,
 * });
 * const s3 = new S3Client({ region: 'eu-west-1', credentials: client.provider });
 */
export function createCredentialsClient(
  options: CreateCredentialsClientOptions,
): CredentialsClient & Required<Pick<CredentialsClient, 'subscribeEvents'>> {
  const s = newState(resolveOptions(options), createStore());
  if (options.onEvent) subscribeEvents(s, options.onEvent);
  return Object.freeze({
    getSnapshot: () => currentSnapshot(s),
    subscribe: (listener: Listener) => subscribe(s, listener),
    subscribeEvents: (listener: CredentialsEventListener) => subscribeEvents(s, listener),
    getCredentials: () => getCredentials(s),
    refresh: () => refresh(s),
    provider: () => getCredentials(s),
    signOut: () => wipe(s, 'sign-out'),
    dispose: () => dispose(s),
  });
}
