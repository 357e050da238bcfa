import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { aws, s3Config, serverConfig } from '../../../lib/aws';

export const dynamic = 'force-dynamic';

/** Lists the caller's own uploads, with the caller's own credentials (the role allows only their prefix). */
export function GET(request: Request, ctx: unknown): Promise<Response> {
  return aws().route(async (_request, { aws: user }) => {
    const prefix = `uploads/${user!.identity.subject}/`;
    try {
      const out = await user!
        .client(S3Client, s3Config())
        .send(new ListObjectsV2Command({ Bucket: serverConfig().bucket, Prefix: prefix }));
      return Response.json({ keys: (out.Contents ?? []).map((o) => o.Key) });
    } catch (err) {
      return Response.json({ error: (err as Error).name }, { status: 403 });
    }
  })(request, ctx);
}
