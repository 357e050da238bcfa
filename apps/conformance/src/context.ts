import type {
  CreateCredentialsClientOptions,
  CredentialsClient,
  CredentialsSource,
} from '@web-identity/core';
import { KitControl } from './kitControl.js';
import type { Core, KitUrls, Target } from './types.js';

/** What every scenario gets: the target's core, the kit, the target, and clients cleaned up after it. */
export interface ScenarioContext {
  core: Core;
  kit: KitUrls;
  target: Target;
  control: KitControl;
  /** A client of the target's core against the kit; disposed when the scenario ends. */
  client(spec?: ClientSpec): CredentialsClient;
}

/** A client for a scenario: `webIdentity` unless told, ID tokens for `sub` minted by the kit. */
export interface ClientSpec extends Partial<Omit<CreateCredentialsClientOptions, 'source'>> {
  source?: 'webIdentity' | 'cognitoIdentityPool' | CredentialsSource;
  sub?: string;
}

export function createContext(
  core: Core,
  kit: KitUrls,
  target: Target,
): ScenarioContext & { cleanUp(): void } {
  const control = new KitControl(kit);
  const made: CredentialsClient[] = [];
  const sourceOf = (spec: ClientSpec['source']): CredentialsSource => {
    if (spec === 'cognitoIdentityPool')
      return core.cognitoIdentityPool({
        identityPoolId: kit.identityPoolId,
        endpoint: kit.awsEndpoint,
        stsEndpoint: kit.awsEndpoint,
      });
    if (spec && spec !== 'webIdentity') return spec;
    return core.webIdentity({ roleArn: kit.roleArn, endpoint: kit.awsEndpoint });
  };
  return {
    core,
    kit,
    target,
    control,
    client(spec = {}) {
      const { source, sub = 'alice', platform, ...rest } = spec;
      const client = core.createCredentialsClient({
        region: kit.region,
        source: sourceOf(source),
        getIdToken: () => control.idToken(sub),
        transport: core.fetchTransport(),
        ...rest,
        ...(target.platform || platform ? { platform: { ...target.platform, ...platform } as never } : {}),
      });
      made.push(client);
      return client;
    },
    cleanUp() {
      for (const client of made.splice(0)) client.dispose();
    },
  };
}

/** Throws with `message` unless `condition` holds: a scenario fails by throwing. */
export function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` every 25 ms until it is true; throws `message` after `timeoutMs`. */
export async function waitFor(probe: () => boolean, timeoutMs: number, message: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > end) throw new Error(`${message} (after ${timeoutMs} ms)`);
    await sleep(25);
  }
}

/** The rejection of `promise`, or a thrown error when it resolves. */
export async function rejection(promise: Promise<unknown>, what: string): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error(`${what} resolved; it should have rejected`);
}
