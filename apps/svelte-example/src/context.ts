import type { UserManager } from 'oidc-client-ts';
import { getContext, setContext } from 'svelte';
import type { AppConfig } from './config.js';

/** What every component of the example may need besides credentials: the config and the OIDC client. */
export interface AppContext {
  config: AppConfig;
  userManager: UserManager;
  /** A sign-in callback that failed (shown once, next to the sign-in button). */
  authError: string;
}

const KEY = Symbol('app');
export const setAppContext = (ctx: AppContext): AppContext => setContext(KEY, ctx);
export const getAppContext = (): AppContext => getContext<AppContext>(KEY);
