import type { UserManager } from 'oidc-client-ts';
import type { InjectionKey } from 'vue';
import type { AppConfig } from './config.js';

export const ConfigKey: InjectionKey<AppConfig> = Symbol('config');
export const UserManagerKey: InjectionKey<UserManager> = Symbol('userManager');
/** A sign-in callback that failed (shown once, next to the sign-in button). */
export const AuthErrorKey: InjectionKey<string> = Symbol('authError');
