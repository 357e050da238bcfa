/**
 * Where the app finds the IdP and AWS. Expo inlines `EXPO_PUBLIC_*` variables at build time; the defaults
 * point at the local kit (`npx web-identity-local`) as an Android emulator sees the host (10.0.2.2).
 */
export interface AppConfig {
  region: string;
  /** The local kit's control API, whose `POST /__kit/id-tokens` stands in for a real sign-in during development. */
  kitUrl: string;
  stsEndpoint?: string;
  roleArn: string;
  s3Endpoint?: string;
  bucket: string;
}

const kit = process.env.EXPO_PUBLIC_KIT_URL ?? 'http://10.0.2.2:4566';

export const config: AppConfig = {
  region: process.env.EXPO_PUBLIC_AWS_REGION ?? 'eu-west-1',
  kitUrl: kit,
  stsEndpoint: process.env.EXPO_PUBLIC_STS_ENDPOINT ?? kit,
  roleArn: process.env.EXPO_PUBLIC_ROLE_ARN ?? 'arn:aws:iam::123456789012:role/PhotoUploader',
  s3Endpoint: process.env.EXPO_PUBLIC_S3_ENDPOINT ?? kit,
  bucket: process.env.EXPO_PUBLIC_BUCKET ?? 'demo-uploads',
};
