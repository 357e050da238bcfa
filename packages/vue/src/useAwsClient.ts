import { injectAwsCredentials } from './context.js';

/** Any AWS SDK v3 client constructor (`S3Client`, `DynamoDBClient`, ...). */
// biome-ignore lint/suspicious/noExplicitAny: constructor parameter types vary per SDK client.
export type AwsClientConstructor = abstract new (...args: any[]) => { destroy(): void };

/** The client's configuration without `credentials`, which `useAwsClient()` wires to the provider. */
export type AwsClientConfig<C extends AwsClientConstructor> = Omit<
  NonNullable<ConstructorParameters<C>[0]>,
  'credentials'
>;

function shallowEqual(a: object | undefined, b: object | undefined): boolean {
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
 * One AWS SDK v3 client per app, constructor and (shallowly compared) `config`, signing with the plugin's
 * provider: fifty components asking for the same S3 client share one instance. The plugin destroys the
 * clients it created when the app unmounts.
 *
 * @example
 * const s3 = useAwsClient(S3Client, { region: 'eu-west-1' });
 * const upload = (file: File) =>
 *   s3.send(new PutObjectCommand({ Bucket: 'photos', Key: `uploads/${sub}/${file.name}`, Body: file }));
 */
export function useAwsClient<C extends AwsClientConstructor>(
  Ctor: C,
  config?: AwsClientConfig<C>,
): InstanceType<C> {
  const { client, sdkClients } = injectAwsCredentials('useAwsClient');
  let entries = sdkClients.get(Ctor);
  if (!entries) {
    entries = [];
    sdkClients.set(Ctor, entries);
  }
  const found = entries.find((e) => shallowEqual(e.config, config));
  if (found) return found.instance as InstanceType<C>;
  const Concrete = Ctor as unknown as new (config: object) => InstanceType<C>;
  const instance = new Concrete({ ...config, credentials: client.provider });
  entries.push({ config: config === undefined ? undefined : { ...config }, instance });
  return instance;
}
