import { h3AwsCredentials, webIdentity } from '@web-identity/node/h3';
import { defineEventHandler } from 'h3';

// Made on the first request: the environment is read at run time (region: AWS_REGION).
let aws: ReturnType<typeof h3AwsCredentials> | undefined;

export default defineEventHandler((event) => {
  aws ??= h3AwsCredentials(
    {
      source: webIdentity({ roleArn: process.env.WI_ROLE_ARN!, endpoint: process.env.WI_AWS_ENDPOINT }),
      verify: { issuer: process.env.WI_ISSUER!, audience: process.env.WI_AUDIENCE! },
    },
    { match: (url) => url.pathname.startsWith('/api/') },
  );
  return aws(event);
});
