'use server';

import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { aws, s3Config, serverConfig } from '../lib/aws';

export type UploadResult = { stored: string } | { error: string };

/**
 * Uploads a file to `uploads/<owner>/<name>` with the signed-in user's own credentials (from the session
 * cookie). The role allows only the user's own prefix, so another owner's folder is refused by S3.
 */
export async function upload(form: FormData): Promise<UploadResult> {
  try {
    const user = await aws().forAction();
    if (!user) return { error: 'NoIdentityToken' };
    const file = form.get('file');
    if (!(file instanceof File)) return { error: 'NoFile' };
    const owner = String(form.get('owner') || user.identity.subject);
    const key = `uploads/${owner}/${file.name}`;
    await user.client(S3Client, s3Config()).send(
      new PutObjectCommand({
        Bucket: serverConfig().bucket,
        Key: key,
        Body: new Uint8Array(await file.arrayBuffer()),
      }),
    );
    return { stored: key };
  } catch (err) {
    return { error: (err as { code?: string }).code ?? (err as Error).name };
  }
}
