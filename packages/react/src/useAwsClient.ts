'use client';
import type { CredentialsClient } from '@web-identity/core';
import { useEffect, useRef } from 'react';
import { useCredentialsClient } from './context.js';

/**
 * Any AWS SDK v3 client constructor (`S3Client`, `DynamoDBClient`, ...).
 *
 * @example
 * const Ctor: AwsClientConstructor = S3Client;
 */
// biome-ignore lint/suspicious/noExplicitAny: constructor parameter types vary per SDK client.
export type AwsClientConstructor = abstract new (...args: any[]) => { destroy(): void };

/**
 * The client's configuration without `credentials`, which the hook wires to the provider.
 *
 * @example
 * const config: AwsClientConfig<typeof S3Client> = { region: 'eu-west-1', forcePathStyle: true };
 */
export type AwsClientConfig<C extends AwsClientConstructor> = Omit<
  NonNullable<ConstructorParameters<C>[0]>,
  'credentials'
>;

interface Entry {
  ctor: AwsClientConstructor;
  config: object | undefined;
  provider: CredentialsClient['provider'];
  instance: { destroy(): void };
}

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
  if (!entry || entry.ctor !== Ctor || entry.provider !== provider || !shallowEqual(entry.config, config)) {
    // Constructing an SDK client does no I/O, so doing it during render is safe.
    const Concrete = Ctor as unknown as new (config: object) => { destroy(): void };
    current.current = {
      ctor: Ctor,
      config,
      provider,
      instance: new Concrete({ ...config, credentials: provider }),
    };
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
