import type { RequestAws } from '@web-identity/node/h3';
import { defineEventHandler } from 'h3';

export default defineEventHandler((event) => {
  const aws = event.context.aws as RequestAws;
  return { subject: aws.identity.subject, accessKeyId: aws.credentials.accessKeyId };
});
