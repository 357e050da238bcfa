'use client';
import type { AwsClientConfig, AwsClientConstructor, CredentialsClient } from '@web-identity/core';
import { createAwsClient, sameClientConfig } from '@web-identity/core/internal';
import { useEffect, useRef } from 'react';
import { useCredentialsClient } from './context.js';

interface Entry {
  ctor: AwsClientConstructor;
  config: object | undefined;
  provider: CredentialsClient['provider'];
  instance: { destroy(): void };
}

/**
 * One AWS SDK v3 client for this component, signing with the provider's credentials. Memoised by constructor
 * and a shallow comparison of `config` (an inline object literal is fine), re-created when either changes,
 * and destroyed on unmount.
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
  const { provider } = useCredentialsClient('useAwsClient');
  const current = useRef<Entry | null>(null);
  const entry = current.current;
  if (
    !entry ||
    entry.ctor !== Ctor ||
    entry.provider !== provider ||
    !sameClientConfig(entry.config, config)
  ) {
    // Constructing an SDK client does no I/O, so doing it during render is safe.
    current.current = { ctor: Ctor, config, provider, instance: createAwsClient(Ctor, config, provider) };
  }
  const instance = current.current!.instance;
  const mounted = useRef(false);

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
      // Destroy on unmount or when replaced, but not on StrictMode's synchronous unmount + remount.
      queueMicrotask(() => {
        if (!mounted.current || current.current?.instance !== instance) instance.destroy();
      });
    };
  }, [instance]);

  return instance as InstanceType<C>;
}
