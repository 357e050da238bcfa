import type { KitState, RequestCtx, ServiceResponse } from './context.js';
import { AwsError } from './errors.js';

/** Answers Cognito Identity (JSON 1.1). */
export async function handleCognito(
  _kit: KitState,
  _ctx: RequestCtx,
  action: string,
): Promise<ServiceResponse> {
  throw new AwsError('UnknownOperationException', `Unknown operation ${action}`);
}
