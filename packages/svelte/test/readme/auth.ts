// What the README's `./auth` stands for: an oidc-client-ts UserManager. Here nobody has signed in yet.
export const oidc = {
  getUser: async (): Promise<{ id_token: string } | null> => null,
  signinSilent: async (): Promise<{ id_token: string } | null> => null,
  signinPopup: async (): Promise<void> => {},
  removeUser: async (): Promise<void> => {},
};
