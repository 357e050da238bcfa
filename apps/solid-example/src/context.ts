import type { UserManager } from 'oidc-client-ts';
import { createContext, useContext } from 'solid-js';
import type { AppConfig } from './config.js';

/** What every component of the example may need besides credentials: the config and the OIDC client. */
export interface AppContextValue {
  config: AppConfig;
  userManager: UserManager;
  /** A sign-in callback that failed (shown once, next to the sign-in button). */
  authError: string;
}

export const AppContext = createContext<AppContextValue>();
export const useApp = (): AppContextValue => useContext(AppContext)!;
