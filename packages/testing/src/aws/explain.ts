import { providerName } from './config.js';
import type { KitState } from './context.js';
import {
  type Decision,
  evaluate,
  explainStatements,
  type PolicyDocument,
  resolvePolicyVariables,
  type StatementVerdict,
  variablesResolve,
} from './policy.js';
import { webIdentityTrustRequest } from './sts.js';
import { stsTokenError, TokenError } from './tokens.js';

/**
 * The local STS explaining its own AssumeRoleWithWebIdentity decision for a token and a role: the token
 * checks, every trust policy statement and condition with what it expected and what the token had, the
 * outcome STS answers, and the role's permissions with their policy variables resolved for this token.
 * Only the local kit has this (`POST /__kit/explain`); real STS says `AccessDenied` and nothing more.
 */
export interface TrustExplanation {
  roleArn: string;
  /** The role as configured, or `null` when the account has no such role. */
  role: { arn: string; trustPolicy: PolicyDocument; permissions: PolicyDocument[] } | null;
  /** The IAM OIDC providers registered in the account (their URLs, compared with the token's `iss`). */
  registeredIssuers: string[];
  /** `null` when the token verified; otherwise what STS answers about it. */
  tokenError: { code: string; message: string } | null;
  /** Claims that trust policies can see (`<provider>:aud`, `:sub`, …) and the federated principal. */
  request: { principal: string; context: Record<string, string | string[] | undefined> } | null;
  statements: StatementVerdict[];
  decision: Decision | 'not-evaluated';
  /** What STS answers: `success` or the error code it returns. */
  outcome: string;
  /** One sentence: why. */
  summary: string;
  /**
   * The role's permissions policies that can apply to this session, `${…}` resolved for this token (empty
   * when not allowed). A policy with a variable this session has no value for (e.g. `aws:PrincipalTag/sub`
   * for a web identity session) is left out: AWS treats such elements as never matching.
   */
  permissions: PolicyDocument[];
}

function quote(v: unknown): string {
  return v === undefined ? '(no such claim)' : JSON.stringify(v);
}

/** Why the statements did not allow: the first mismatch of each statement for this action. */
function refusalReasons(verdicts: StatementVerdict[]): string[] {
  return verdicts
    .filter((v) => v.actionMatched && !v.applies)
    .map((v) => {
      const where = `statement ${v.index + 1}${v.sid ? ` (${v.sid})` : ''}`;
      if (v.principal && !v.principal.matched) {
        return `${where} trusts ${v.principal.expected.join(', ')}, but this token comes from ${v.principal.actual.join(', ')}`;
      }
      const failed = v.conditions.find((c) => !c.matched);
      if (failed) {
        return `${where}: ${failed.operator} on ${failed.key} expects ${failed.expected.map((e) => JSON.stringify(e)).join(' or ')}, the token has ${quote(failed.actual)}`;
      }
      return `${where} does not apply`;
    });
}

function issuerHint(iss: string | undefined, registered: string[]): string {
  if (!iss) return '';
  const near = registered.find((r) => r !== iss && r.replace(/\/+$/, '') === iss.replace(/\/+$/, ''));
  if (near)
    return ` The token's iss ${JSON.stringify(iss)} differs from the registered provider URL ${JSON.stringify(near)} only by a trailing slash: AWS compares them exactly.`;
  return ` Registered: ${registered.map((r) => JSON.stringify(r)).join(', ') || 'none'}.`;
}

function unverifiedIssuer(token: string): string | undefined {
  try {
    const part = token.split('.')[1] ?? '';
    const claims = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as { iss?: unknown };
    return typeof claims.iss === 'string' ? claims.iss : undefined;
  } catch {
    return undefined;
  }
}

export async function explainWebIdentity(
  kit: KitState,
  roleArn: string,
  token: string,
): Promise<TrustExplanation> {
  const role = kit.roles.get(roleArn);
  const registeredIssuers = kit.verifier.issuers.map((i) => i.url);
  const base: TrustExplanation = {
    roleArn,
    role: role ? { arn: role.arn, trustPolicy: role.trustPolicy, permissions: role.permissions ?? [] } : null,
    registeredIssuers,
    tokenError: null,
    request: null,
    statements: [],
    decision: 'not-evaluated',
    outcome: 'AccessDenied',
    summary: '',
    permissions: [],
  };
  if (!role) {
    return {
      ...base,
      summary: `The account has no role ${roleArn}; STS answers AccessDenied without saying so, exactly as for a role that does not trust you.`,
    };
  }
  let claims: Awaited<ReturnType<KitState['verifier']['verify']>>;
  try {
    claims = await kit.verifier.verify(token, kit.faults.now());
  } catch (err) {
    if (!(err instanceof TokenError)) throw err;
    const aws = stsTokenError(err);
    const hint = aws.message.startsWith('No OpenIDConnect provider')
      ? issuerHint(unverifiedIssuer(token), registeredIssuers)
      : '';
    return {
      ...base,
      tokenError: { code: aws.code, message: aws.message },
      outcome: aws.code,
      summary: `STS refuses the token itself before it reads the trust policy: ${aws.code}: ${aws.message}.${hint}`,
    };
  }
  const trust = webIdentityTrustRequest(kit, claims);
  const statements = explainStatements(role.trustPolicy, trust);
  const decision = evaluate([role.trustPolicy], trust);
  const request = { principal: `Federated: ${trust.principal!.ids[0]}`, context: trust.context };
  if (decision === 'allow') {
    const allowing = statements.find((s) => s.applies && s.effect === 'Allow')!;
    const held = allowing.conditions.map((c) => `${c.key} ${quote(c.actual)}`).join(', ');
    return {
      ...base,
      request,
      statements,
      decision,
      outcome: 'success',
      summary: `Statement ${allowing.index + 1} allows: it trusts ${request.principal}${held ? ` and its conditions hold (${held})` : ''}.`,
      permissions: (role.permissions ?? [])
        .filter((p) => variablesResolve(p, trust.context))
        .map((p) => resolvePolicyVariables(p, trust.context)),
    };
  }
  const reasons = refusalReasons(statements);
  const issuer = providerName(claims.iss);
  return {
    ...base,
    request,
    statements,
    decision,
    summary: `No statement allows sts:AssumeRoleWithWebIdentity for this token from ${issuer}, so STS answers AccessDenied: ${reasons.join('; ') || 'no statement is about this action'}.`,
  };
}
