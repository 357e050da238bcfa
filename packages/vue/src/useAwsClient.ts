import type { AwsClientConfig, AwsClientConstructor } from '@web-identity/core';
import { injectAwsCredentials } from './context.js';

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
  return injectAwsCredentials('useAwsClient').sdkClients.get(Ctor, config);
}
