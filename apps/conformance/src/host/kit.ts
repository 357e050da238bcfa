import { startLocalKit } from '@web-identity/testing';
import type { KitUrls } from '../types.js';

/** The kit a host starts for one target, and what the target needs to reach it. */
export interface ConformanceKit {
  urls: KitUrls;
  close(): Promise<void>;
}

/**
 * Starts the local IdP and AWS in this (Node) process for one target. One kit per target: the kit's faults are
 * global, so two targets must never share one.
 *
 * @example
 * const kit = await startConformanceKit();
 * // hand kit.urls to the target, run it, then:
 * await kit.close();
 */
export async function startConformanceKit(): Promise<ConformanceKit> {
  const kit = await startLocalKit();
  const { config } = kit;
  const urls: KitUrls = {
    region: config.region,
    issuer: config.issuer,
    clientId: config.clientId,
    awsEndpoint: config.stsEndpoint,
    roleArn: config.roleArn,
    bucket: config.bucket,
    identityPoolId: config.identityPoolId,
    accessToken: await kit.idp.issueAccessToken({ sub: 'alice' }),
  };
  return { urls, close: () => kit.close() };
}
