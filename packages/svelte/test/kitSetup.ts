import { signInWithPassword, startLocalKit } from '@web-identity/testing';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    kit: {
      config: { region: string; roleArn: string; stsEndpoint: string; s3Endpoint: string; bucket: string };
      idToken: string;
    };
  }
}

/**
 * The local kit runs in Vitest's own process (oidc-provider needs Node's globals, not jsdom's); browser-side
 * tests reach it over HTTP, and read the calls it saw from its control API (`/__kit/calls`).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const kit = await startLocalKit();
  const { idToken } = await signInWithPassword(kit.config.issuer, { login: 'alice' });
  project.provide('kit', { config: kit.config, idToken });
  return () => kit.close();
}
