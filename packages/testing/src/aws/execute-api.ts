import type { KitState, RequestCtx, ServiceResponse } from './context.js';
import { AwsError } from './errors.js';

export function handleExecuteApi(_kit: KitState, _ctx: RequestCtx): ServiceResponse {
  throw new AwsError('NotImplemented', 'not yet', 501);
}
