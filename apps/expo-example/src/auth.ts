import type { AppConfig } from './config';

/**
 * The user's ID token, in memory only. In a real app it comes from your IdP's SDK or `expo-auth-session`
 * (authorization code + PKCE); here the local kit mints one for a dev user, so the example runs offline.
 */
let idToken: string | null = null;

/** Signs `sub` in with the local kit's dev token endpoint. */
export async function devSignIn(config: AppConfig, sub: string): Promise<void> {
  const res = await fetch(`${config.kitUrl}/__kit/id-tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ sub }),
  });
  if (!res.ok) throw new Error(`The kit answered ${res.status} to the dev sign-in.`);
  idToken = ((await res.json()) as { id_token: string }).id_token;
}

/** Forgets the token (sign-out). */
export function forgetToken(): void {
  idToken = null;
}

/** What core asks for: the ID token, or `null` when nobody is signed in. */
export async function getIdToken(): Promise<string | null> {
  return idToken;
}
