import type { CredentialsSnapshot } from '@web-identity/core';

/** What the server renders: nobody is signed in there. The browser takes over on hydration. */
export const SIGNED_OUT_SNAPSHOT: CredentialsSnapshot = Object.freeze({
  status: 'signed-out',
  credentials: null,
  identity: null,
  expiresAt: null,
  refreshAt: null,
  error: null,
  exchangeCount: 0,
});
