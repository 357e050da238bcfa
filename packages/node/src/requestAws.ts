import type { AwsCredentials } from '@web-identity/core';
import type { AuthenticatedRequest } from './authenticate.js';
import type { CacheEntry } from './cache.js';
import { toAwsCredentials } from './credentials.js';
import type { RequestAws } from './types.js';

/**
 * `req.aws` for one request: the credentials (built on first read: many handlers only use `client()`), the
 * identity, a provider that refreshes near expiry through `refresh`, and memoised SDK clients.
 *
 * @example
 * const aws = toRequestAws(auth, entry, region, mandatoryAt, () => entryFor(auth));
 * await aws.client(S3Client).send(cmd);
 */
export function toRequestAws(
  auth: AuthenticatedRequest,
  entry: CacheEntry,
  region: string,
  mandatoryAt: (entry: CacheEntry) => number,
  refresh: () => Promise<CacheEntry>,
): RequestAws {
  let clients: Map<unknown, unknown> | undefined; // most requests never call client()
  let current = entry;
  const provider = async () => {
    if (Date.now() >= mandatoryAt(current)) current = await refresh();
    return toAwsCredentials(current);
  };
  let credentials: AwsCredentials | undefined;
  return {
    get credentials() {
      credentials ??= toAwsCredentials(entry);
      return credentials;
    },
    identity: { ...entry.identity, claims: auth.identity.claims },
    provider,
    client(ClientCtor, config) {
      clients ??= new Map();
      let client = clients.get(ClientCtor);
      if (!client) {
        client = new (ClientCtor as new (c: unknown) => unknown)({
          region,
          ...config,
          credentials: provider,
        });
        clients.set(ClientCtor, client);
      }
      return client as never;
    },
  };
}
