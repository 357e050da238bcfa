import { authenticate, type KitState, type RequestCtx, type ServiceResponse } from './context.js';

/**
 * An `execute-api`-style endpoint (`<endpoint>/execute-api/...`, any method): verifies the SigV4 signature
 * (service `execute-api`) and echoes who called. It authenticates only; it does not evaluate IAM policies.
 */
export function handleExecuteApi(kit: KitState, ctx: RequestCtx): ServiceResponse {
  const { principal } = authenticate(kit, ctx, 'execute-api');
  const body = ctx.body.length > 0 && ctx.body.length <= 64 * 1024 ? ctx.body.toString('utf8') : undefined;
  const echo = {
    accessKeyId: principal.accessKeyId,
    arn: principal.arn,
    userId: principal.userId,
    account: kit.account,
    principalType: principal.kind === 'session' ? 'AssumedRole' : 'User',
    ...(principal.kind === 'session'
      ? { roleArn: principal.roleArn, sessionName: principal.sessionName, subject: principal.subject ?? null }
      : {}),
    method: ctx.req.method,
    path: ctx.rawPath.slice('/execute-api'.length) || '/',
    query: Object.fromEntries(ctx.query),
    ...(body !== undefined ? { body } : {}),
  };
  return { status: 200, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(echo) };
}
