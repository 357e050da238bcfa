import type { User, UserManager } from 'oidc-client-ts';
import { useEffect, useState } from 'react';

/** The signed-in oidc-client-ts user (held in memory by oidc-client-ts), or null. */
export function useOidcUser(userManager: UserManager): User | null {
  const [user, setUser] = useState<User | null>(null);
  useEffect(() => {
    let live = true;
    void userManager.getUser().then((u) => live && setUser(u));
    const loaded = (u: User) => setUser(u);
    const unloaded = () => setUser(null);
    userManager.events.addUserLoaded(loaded);
    userManager.events.addUserUnloaded(unloaded);
    return () => {
      live = false;
      userManager.events.removeUserLoaded(loaded);
      userManager.events.removeUserUnloaded(unloaded);
    };
  }, [userManager]);
  return user;
}
