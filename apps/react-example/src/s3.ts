import type { S3ClientConfig } from '@aws-sdk/client-s3';
import type { AppConfig } from './config.js';

/** The S3 client settings for `useAwsClient(S3Client, …)`; credentials come from the provider. */
export function s3Config(config: AppConfig): Omit<S3ClientConfig, 'credentials'> {
  return {
    region: config.region,
    ...(config.s3Endpoint ? { endpoint: config.s3Endpoint, forcePathStyle: true } : {}),
    // Plain signed PUTs: no streaming checksum trailers the browser would have to compute.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  };
}
