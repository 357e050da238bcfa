import type { Handle } from '@sveltejs/kit/hooks';
import { awsCredentialsHandle, webIdentity } from '@web-identity/node/sveltekit';

// Made on the first request: the environment is read at run time (region: AWS_REGION).
const env = process.env;
let aws: ReturnType<typeof awsCredentialsHandle> | undefined;

export const handle: Handle = (input) => {
  aws ??= awsCredentialsHandle(
    {
      source: webIdentity({ roleArn: env.WI_ROLE_ARN!, endpoint: env.WI_AWS_ENDPOINT }),
      verify: { issuer: env.WI_ISSUER!, audience: env.WI_AUDIENCE! },
    },
    { match: (url) => url.pathname.startsWith('/api/') },
  );
  return aws(input);
};
