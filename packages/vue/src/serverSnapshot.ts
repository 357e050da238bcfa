import type { CredentialsSnapshot } from '@web-identity/core';

const SIGNED_OUT: CredentialsSnapshot = Object.freeze({
  status: 'signed-out',
  credentials: null,
  identity: null,
  expiresAt: null,
  refreshAt: null,
  error: null,
  exchangeCount: 0,
});

/**
 * The snapshot rendered on the server and during hydration: always signed out, because credentials live in
 * the browser's memory only. The browser takes over once the component is mounted.
 *
 * @example
 * const html = await renderToString(app); // shows "signed-out" whatever the client holds
 */
export function getServerSnapshot(): CredentialsSnapshot {
  return SIGNED_OUT;
}
