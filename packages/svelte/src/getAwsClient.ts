import type { AwsClientConfig, AwsClientConstructor } from '@web-identity/core';
import { awsCredentialsContext } from './context.js';

/**
 * One AWS SDK v3 client per `setAwsCredentials()` context, constructor and (shallowly compared) `config`,
 * signing with the context's provider: the instance is built once and keeps signing with whatever keys the
 * library holds at each call, so a refresh never rebuilds it. Destroyed with the component that called
 * `setAwsCredentials()`. Call it during component initialisation.
 *
 * @example
 * const s3 = getAwsClient(S3Client, { region: 'eu-west-1' });
 * const upload = (file: File) =>
 *   s3.send(new PutObjectCommand({ Bucket: 'photos', Key: `uploads/${sub}/${file.name}`, Body: file }));
 */
export function getAwsClient<C extends AwsClientConstructor>(
  Ctor: C,
  config?: AwsClientConfig<C>,
): InstanceType<C> {
  return awsCredentialsContext('getAwsClient').sdkClients.get(Ctor, config);
}
