import { sdkTransport } from '@web-identity/core';
import { sha256 } from '../hash.js';
import type { CredentialsBrokerOptions } from '../types.js';
import type { BrokerRuntime } from './brokerConfig.js';
import { type CredentialsBroker, createBrokerCore } from './brokerCore.js';

/** Node: `node:crypto`'s synchronous SHA-256, and the AWS SDK's transport unless the options name one. */
const NODE: BrokerRuntime = { digest: sha256, transport: () => sdkTransport() };

export type { AuthenticatedRequest, CredentialsBroker } from './brokerCore.js';

/**
 * The framework-neutral broker on Node: token → verified identity → per-identity cached credentials, hashing with
 * `node:crypto` (synchronous, so a cached caller is answered in the same tick by `peek`). Express, Connect and
 * Fastify layers are thin wrappers over `forRequest`; the fetch-standard entry (`@web-identity/node/web`) builds
 * the same broker with WebCrypto.
 *
 * @example
 * const broker = createCredentialsBroker({
 *   region: 'eu-west-1',
 *   source: webIdentity({ roleArn: 'arn:aws:iam::123456789012:role/PhotoUploader' }),
 *   verify: { issuer: 'https://idp.example.com', audience: 'my-client-id' },
 * });
 * const aws = await broker.forRequest(req); // aws.credentials, aws.client(S3Client)
 */
export function createCredentialsBroker(options: CredentialsBrokerOptions): CredentialsBroker {
  return createBrokerCore(options, NODE);
}
