import { assertInInjectionContext, type Injector, inject } from '@angular/core';
import type { AwsClientConfig, AwsClientConstructor } from '@web-identity/core';
import { AwsCredentialsService } from './aws-credentials.service';

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
  return service.ɵsdkClients.get(Ctor, config);
}
