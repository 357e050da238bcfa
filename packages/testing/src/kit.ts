import { DEFAULT_BUCKET, DEFAULT_IDENTITY_POOL_ID, DEFAULT_ROLE_ARN } from './aws/config.js';
import { type LocalAws, type LocalAwsOptions, startLocalAws } from './aws/server.js';
import { type LocalIdp, type LocalIdpOptions, startLocalIdp } from './idp.js';

/** What an app needs to talk to the kit (the shape of the example apps' `/config.json`, plus extras). */
export interface LocalKitConfig {
  region: string;
  issuer: string;
  clientId: string;
  stsEndpoint: string;
  roleArn: string;
  s3Endpoint: string;
  bucket: string;
  identityPoolId: string;
  /** The IdP's authorization endpoint (a browser signs in there as alice/bob, password `password`). */
  loginUrl: string;
}

/** The local IdP and AWS started together; see `startLocalKit`. */
export interface LocalKit {
  idp: LocalIdp;
  aws: LocalAws;
  config: LocalKitConfig;
  /** Stops both servers. */
  close(): Promise<void>;
}

/**
 * Starts the local IdP and the local AWS with the default config (role PhotoUploader trusting the IdP
 * with aud `web-identity-demo`, bucket `demo-uploads` with per-user prefixes, one identity pool).
 *
 * @example
 * const kit = await startLocalKit();
 * console.log(kit.config.stsEndpoint, kit.config.roleArn);
 * await kit.close();
 */
export async function startLocalKit(
  options: {
    idp?: LocalIdpOptions;
    aws?: Omit<LocalAwsOptions, 'idp'>;
    /** AWS options that depend on the IdP's issuer URL (known only once it listens), e.g. custom roles. */
    resolve?: (issuer: string) => Omit<LocalAwsOptions, 'idp'>;
  } = {},
): Promise<LocalKit> {
  const idp = await startLocalIdp(options.idp);
  let aws: LocalAws;
  try {
    aws = await startLocalAws({ ...options.aws, ...options.resolve?.(idp.issuer), idp });
  } catch (err) {
    await idp.close();
    throw err;
  }
  const config: LocalKitConfig = {
    region: aws.region,
    issuer: idp.issuer,
    clientId: idp.clientId,
    stsEndpoint: aws.endpoint,
    roleArn: aws.roles[0]?.arn ?? DEFAULT_ROLE_ARN,
    s3Endpoint: aws.endpoint,
    bucket: aws.buckets[0] ?? DEFAULT_BUCKET,
    identityPoolId: aws.identityPools[0]?.id ?? DEFAULT_IDENTITY_POOL_ID,
    loginUrl: idp.authorizationEndpoint,
  };
  return {
    idp,
    aws,
    config,
    close: async () => {
      await aws.close();
      await idp.close();
    },
  };
}
