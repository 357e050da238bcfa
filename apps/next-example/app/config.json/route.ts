import { serverConfig } from '../../lib/aws';

export const dynamic = 'force-dynamic';

/** What the browser needs to sign in and exchange its own credentials (nothing secret). */
export function GET(): Response {
  const config = serverConfig();
  return Response.json({
    region: process.env.AWS_REGION ?? 'eu-west-1',
    issuer: config.issuer,
    clientId: config.clientId,
    roleArn: config.roleArn,
    stsEndpoint: config.stsEndpoint,
  });
}
