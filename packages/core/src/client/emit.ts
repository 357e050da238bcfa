import type { CredentialsEvent, CredentialsEventListener } from '../events.js';
import { DEV } from '../platform/env.js';

/** The listeners of one client. `null` in the client state while there are none: then no event is built. */
export type EventListeners = Set<CredentialsEventListener>;

/**
 * Delivers `event` to every listener; one that throws does not stop the others or the client.
 * Callers check that listeners exist before building the event, so a client nobody listens to allocates nothing.
 */
export function deliver(listeners: EventListeners, event: CredentialsEvent): void {
  for (const listener of listeners) {
    try {
      listener(event);
    } catch (err) {
      if (DEV) console.error('[@web-identity/core] an onEvent listener threw:', err);
    }
  }
}
