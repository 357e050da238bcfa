import { aws } from '../../../lib/aws';

export const dynamic = 'force-dynamic';

/** Who the caller is and which keys the server holds for them (the access key id only). */
export function GET(request: Request, ctx: unknown): Promise<Response> {
  return aws().route((_request, { aws: user }) =>
    Response.json({ subject: user!.identity.subject, accessKeyId: user!.credentials.accessKeyId }),
  )(request, ctx);
}
