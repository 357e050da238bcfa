import type { AwsClientConfig, AwsClientConstructor } from '@web-identity/core';
import { useAwsCredentialsContext } from './context.js';

/**
 * One AWS SDK v3 client per provider, constructor and (shallowly compared) `config`, signing with the provider's
 * credentials: built once, it signs each call with whatever keys the library holds then, so a refresh never
 * rebuilds it. The provider destroys the clients it handed out when it is cleaned up.
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
  return useAwsCredentialsContext('useAwsClient').sdkClients.get(Ctor, config);
}
