/** Everything the example needs; `configFromEnv()` reads it from the environment. */
export interface ExampleConfig {
  region: string;
  /** OIDC issuer whose ID tokens the API accepts (OIDC mode). */
  issuer: string;
  /** OIDC client id = expected `aud`. */
  clientId: string;
  /** Role trusting the IdP (OIDC mode, AssumeRoleWithWebIdentity). */
  roleArn: string;
  bucket: string;
  /** Override endpoints (local kit); unset = real AWS. */
  stsEndpoint?: string;
  s3Endpoint?: string;
  /** Origins allowed to fetch `/aws/credentials` from a browser (the React/Vue/Angular examples). */
  corsOrigins: string[];
  /** `alb`: trust an Application Load Balancer's `x-amzn-oidc-data` and broker with AssumeRole. */
  mode: 'oidc' | 'alb';
  alb?: {
    /** The ALB's ARN (`signer` of the header). */
    signerArn: string;
    /** Key endpoint base URL; default AWS's regional one. */
    keyUrl?: string;
    /** Role the server assumes for users (trusts the server's principal). */
    brokerRoleArn: string;
    /** Server credentials for AssumeRole; default the SDK's provider chain. */
    serverCredentials?: { accessKeyId: string; secretAccessKey: string };
  };
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ExampleConfig {
  const need = (name: string): string => {
    const value = env[name];
    if (!value) throw new Error(`Set ${name} (or start with --local to use the local kit).`);
    return value;
  };
  const mode = env.MODE === 'alb' ? 'alb' : 'oidc';
  return {
    region: env.AWS_REGION ?? 'eu-west-1',
    issuer: mode === 'alb' ? (env.OIDC_ISSUER ?? '') : need('OIDC_ISSUER'),
    clientId: env.OIDC_CLIENT_ID ?? 'web-identity-demo',
    roleArn: mode === 'alb' ? (env.ROLE_ARN ?? '') : need('ROLE_ARN'),
    bucket: env.BUCKET ?? 'demo-uploads',
    ...(env.STS_ENDPOINT ? { stsEndpoint: env.STS_ENDPOINT } : {}),
    ...(env.S3_ENDPOINT ? { s3Endpoint: env.S3_ENDPOINT } : {}),
    corsOrigins: (env.CORS_ORIGINS ?? '').split(',').filter(Boolean),
    mode,
    ...(mode === 'alb'
      ? {
          alb: {
            signerArn: need('ALB_ARN'),
            brokerRoleArn: need('BROKER_ROLE_ARN'),
            ...(env.ALB_KEY_URL ? { keyUrl: env.ALB_KEY_URL } : {}),
          },
        }
      : {}),
  };
}
