// Starts the local kit (OIDC IdP + AWS: STS, S3, the SigV4-verifying execute-api echo) once for the
// integration specs, which run in jsdom inside the Angular-built bundle and reach the kit over real HTTP.
import { DEFAULT_ROLE_ARN, startLocalAws, startLocalIdp } from '@web-identity/testing';
import type { TestProject } from 'vitest/node';

export interface KitInfo {
  region: string;
  endpoint: string;
  executeApiUrl: string;
  roleArn: string;
  /** A second local AWS (same IdP) that issues credentials living only a few seconds. */
  shortLivedEndpoint: string;
  shortLifetimeSeconds: number;
  /** A real ID token for `alice` from the local IdP. */
  aliceIdToken: string;
}

const SHORT_LIFETIME_S = 6;

declare module 'vitest' {
  export interface ProvidedContext {
    kit: KitInfo;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const idp = await startLocalIdp();
  const aws = await startLocalAws({ idp });
  const shortLived = await startLocalAws({ idp, credentialLifetimeSeconds: SHORT_LIFETIME_S });
  project.provide('kit', {
    region: aws.region,
    endpoint: aws.endpoint,
    executeApiUrl: aws.executeApiUrl,
    roleArn: DEFAULT_ROLE_ARN,
    shortLivedEndpoint: shortLived.endpoint,
    shortLifetimeSeconds: SHORT_LIFETIME_S,
    aliceIdToken: await idp.issueIdToken({ sub: 'alice' }),
  });
  return async () => {
    await shortLived.close();
    await aws.close();
    await idp.close();
  };
}
