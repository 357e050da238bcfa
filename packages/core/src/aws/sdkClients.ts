import type { CredentialsClient } from '../types.js';

/**
 * Any AWS SDK v3 client constructor (`S3Client`, `DynamoDBClient`, ...).
 *
 * @example
 * const Ctor: AwsClientConstructor = S3Client;
 */
export type AwsClientConstructor = abstract new (
  // biome-ignore lint/suspicious/noExplicitAny: constructor parameter types vary per SDK client.
  ...args: any[]
) => {
  /** Releases the client's sockets. */
  destroy(): void;
};

/**
 * An SDK client's configuration without `credentials`, which the adapters wire to `client.provider`.
 *
 * @example
 * const config: AwsClientConfig<typeof S3Client> = { region: 'eu-west-1', forcePathStyle: true };
 */
export type AwsClientConfig<C extends AwsClientConstructor> = Omit<
  NonNullable<ConstructorParameters<C>[0]>,
  'credentials'
>;

/**
 * Whether two SDK client configs are the same for memoisation: same own keys, `Object.is` values. An inline
 * object literal in a component therefore does not create a new client on every render.
 *
 * @example
 * sameClientConfig({ region: 'eu-west-1' }, { region: 'eu-west-1' }); // true
 */
export function sameClientConfig(a: object | undefined, b: object | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every(
    (k) =>
      Object.hasOwn(b, k) && Object.is((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
  );
}

/**
 * Creates an SDK client that signs with `provider`: `new Ctor({ ...config, credentials: provider })`.
 *
 * @example
 * const s3 = createAwsClient(S3Client, { region: 'eu-west-1' }, client.provider);
 */
export function createAwsClient<C extends AwsClientConstructor>(
  Ctor: C,
  config: AwsClientConfig<C> | undefined,
  provider: CredentialsClient['provider'],
): InstanceType<C> {
  const Concrete = Ctor as unknown as new (config: object) => InstanceType<C>;
  return new Concrete({ ...config, credentials: provider });
}

/**
 * One SDK client per constructor and (shallowly compared) config, all signing with one provider, destroyed
 * together: what the Vue plugin and the Angular service share across an app.
 *
 * @example
 * const clients = new SdkClientCache(client.provider);
 * const s3 = clients.get(S3Client, { region: 'eu-west-1' }); // the same instance on every call
 * clients.destroy();
 */
export class SdkClientCache {
  readonly #entries = new Map<
    unknown,
    Array<{ config: object | undefined; instance: { destroy(): void } }>
  >();
  readonly #provider: CredentialsClient['provider'];

  constructor(provider: CredentialsClient['provider']) {
    this.#provider = provider;
  }

  /** The client for `Ctor` and `config` (shallowly compared), created on first use. */
  get<C extends AwsClientConstructor>(Ctor: C, config?: AwsClientConfig<C>): InstanceType<C> {
    let list = this.#entries.get(Ctor);
    if (!list) {
      list = [];
      this.#entries.set(Ctor, list);
    }
    const hit = list.find((entry) => sameClientConfig(entry.config, config));
    if (hit) return hit.instance as InstanceType<C>;
    const instance = createAwsClient(Ctor, config, this.#provider);
    list.push({ config: config === undefined ? undefined : { ...config }, instance });
    return instance;
  }

  /** Destroys every client created, releasing their sockets. */
  destroy(): void {
    for (const list of this.#entries.values()) for (const { instance } of list) instance.destroy();
    this.#entries.clear();
  }
}
