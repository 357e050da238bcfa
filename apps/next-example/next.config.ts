import type { NextConfig } from 'next';

const config: NextConfig = {
  // The AWS SDK stays a plain Node dependency of the server (not bundled).
  serverExternalPackages: ['@aws-sdk/client-s3'],
  poweredByHeader: false,
};

export default config;
