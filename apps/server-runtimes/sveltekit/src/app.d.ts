import type { RequestAws } from '@web-identity/node/sveltekit';

declare global {
  namespace App {
    interface Locals {
      /** Set by `awsCredentialsHandle` for /api routes; `null` elsewhere. */
      aws: RequestAws | null;
    }
  }
}
