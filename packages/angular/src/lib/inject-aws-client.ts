import { assertInInjectionContext, type Injector, inject } from '@angular/core';
import { AwsCredentialsService } from './aws-credentials.service';

/** Any AWS SDK v3 client constructor (`S3Client`, `DynamoDBClient`, ...). */
export type AwsClientConstructor = new (...args: never[]) => unknown;

/** The client's configuration without `credentials`: those come from `AwsCredentialsService.provider`. */
export type AwsClientConfig<C extends AwsClientConstructor> = Omit<
  NonNullable<ConstructorParameters<C>[0]>,
  'credentials'
>;

/**
 * One AWS SDK v3 client wired to the signed-in user's credentials (`AwsCredentialsService.provider`),
 * memoised per credentials service by constructor and a shallow comparison of `config`, and destroyed
 * with the service's injector. Call it in an injection context, or pass `{ injector }`.
 *
 * @example
 * ```ts
 * export class Uploads {
 *   readonly s3 = injectAwsClient(S3Client, { region: 'eu-west-1' });
 *   put(file: File) {
 *     return this.s3.send(new PutObjectCommand({ Bucket: 'demo-uploads', Key: file.name, Body: file }));
 *   }
 * }
 * ```
 */
export function injectAwsClient<C extends AwsClientConstructor>(
  Ctor: C,
  config?: AwsClientConfig<C>,
  options?: { injector?: Injector },
): InstanceType<C> {
  if (!options?.injector) assertInInjectionContext(injectAwsClient);
  const service = options?.injector
    ? options.injector.get(AwsCredentialsService)
    : inject(AwsCredentialsService);
  const plain = { ...(config ?? {}) } as Record<string, unknown>;
  return service.ɵsdkClients.get(Ctor, plain, () => {
    const Client = Ctor as unknown as new (config: Record<string, unknown>) => InstanceType<C>;
    return new Client({ ...plain, credentials: service.provider });
  });
}
