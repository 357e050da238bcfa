import type { RequestHandler } from '@sveltejs/kit';
import { json } from '@sveltejs/kit';

export const GET: RequestHandler = ({ locals }) =>
  json({ subject: locals.aws!.identity.subject, accessKeyId: locals.aws!.credentials.accessKeyId });
