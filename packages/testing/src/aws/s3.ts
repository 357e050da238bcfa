import type { KitState, RequestCtx, ServiceResponse } from './context.js';
import { AwsError } from './errors.js';

export class S3Store {
  constructor(readonly buckets: string[]) {}
}

export function s3Action(method: string, _rawPath: string, _query: URLSearchParams): string {
  return method;
}

export async function handleS3(_kit: KitState, _store: S3Store, _ctx: RequestCtx): Promise<ServiceResponse> {
  throw new AwsError('NotImplemented', 'not yet', 501);
}
