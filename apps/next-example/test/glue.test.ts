// The Next.js glue (`@web-identity/node/next`) on Next's production server (`next start` of this app's build),
// against the kit: /api/me is a route handler wrapped by `aws.route()` behind the `aws.proxy` gate.
import { glueChecks } from '../../../packages/node/test/glue.js';
import { startNext } from './startNext.js';

glueChecks('next', (config) =>
  startNext({
    AWS_REGION: config.region,
    OIDC_ISSUER: config.issuer,
    OIDC_CLIENT_ID: config.audience,
    ROLE_ARN: config.roleArn,
    STS_ENDPOINT: config.awsEndpoint,
    S3_ENDPOINT: config.awsEndpoint,
  }),
);
