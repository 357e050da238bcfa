import { networkError } from '../aws/awsError.js';
import type { Transport } from '../types.js';

/**
 * The default transport as a tiny shim: the SDK transport module (and through it the AWS SDK clients) is
 * loaded with `import()` on the first call, so neither lands in an app's first chunk.
 */
export function defaultTransport(): Transport {
  let loaded: Promise<Transport> | undefined;
  const load = () => {
    loaded ??= import('./sdk.js').then(
      (m) => m.sdkTransport(),
      (e) => {
        loaded = undefined;
        throw networkError('AWS SDK', e);
      },
    );
    return loaded;
  };
  const call =
    <K extends Exclude<keyof Transport, 'name' | 'timeoutMs'>>(k: K) =>
    async (input: Parameters<Transport[K]>[0], opts: Parameters<Transport[K]>[1]) =>
      // biome-ignore lint/suspicious/noExplicitAny: one shim for four method signatures
      ((await load())[k] as any)(input, opts);
  return {
    name: 'sdk',
    assumeRoleWithWebIdentity: call('assumeRoleWithWebIdentity'),
    cognitoGetId: call('cognitoGetId'),
    cognitoGetCredentialsForIdentity: call('cognitoGetCredentialsForIdentity'),
    cognitoGetOpenIdToken: call('cognitoGetOpenIdToken'),
  };
}
