import {
  anyOf,
  fromBearer,
  fromCookie,
  type NextAwsCredentials,
  nextAwsCredentials,
  webIdentity,
} from '@web-identity/node/next';

/** The session cookie the sign-in route sets (httpOnly): server actions and form posts carry it. */
export const SESSION_COOKIE = 'id_token';

/** Server-side settings, read from the environment at run time (the demo and the e2e suite set them). */
export function serverConfig() {
  const need = (name: string) => {
    const value = process.env[name];
    if (!value) throw new Error(`Set ${name}.`);
    return value;
  };
  return {
    issuer: need('OIDC_ISSUER'),
    clientId: process.env.OIDC_CLIENT_ID ?? 'web-identity-demo',
    roleArn: need('ROLE_ARN'),
    bucket: process.env.BUCKET ?? 'demo-uploads',
    stsEndpoint: process.env.STS_ENDPOINT,
    s3Endpoint: process.env.S3_ENDPOINT,
  };
}

// One broker per process, whichever bundle (route, action, proxy) asks first: one cache, one exchange per user.
const KEY = Symbol.for('@web-identity/next-example:aws');
const slot = globalThis as { [KEY]?: NextAwsCredentials };

/** The app's credentials broker (made on first use: the environment is not there at build time). */
export function aws(): NextAwsCredentials {
  if (!slot[KEY]) {
    const config = serverConfig();
    slot[KEY] = nextAwsCredentials({
      // region: AWS_REGION from the environment
      source: webIdentity({ roleArn: config.roleArn, endpoint: config.stsEndpoint }),
      verify: { issuer: config.issuer, audience: config.clientId },
      token: anyOf(fromBearer(), fromCookie(SESSION_COOKIE)),
    });
  }
  return slot[KEY];
}

/** S3 client options for the user's own credentials (path-style for the local kit). */
export function s3Config(): Record<string, unknown> {
  const { s3Endpoint } = serverConfig();
  return s3Endpoint ? { endpoint: s3Endpoint, forcePathStyle: true } : {};
}
