import type { User } from 'oidc-client-ts';
import { type PlaygroundConfig, providerOf } from './config.js';
import type { KitControl, KitRole } from './kit.js';
import type { TroubleshootingId } from './troubleshooting.js';

export interface ScenarioContext {
  config: PlaygroundConfig;
  kit: KitControl | null;
  user: User;
}

/** One mistake on purpose: which token and role the library is given, and which README row explains it. */
export interface Scenario {
  id: string;
  title: string;
  /** What the scenario does, in one line. */
  does: string;
  row: TroubleshootingId;
  needsKit: boolean;
  /** Whether the kit can explain the outcome (a JWT reached STS's trust evaluation). */
  explain: boolean;
  prepare(ctx: ScenarioContext): Promise<{ token: string; roleArn: string }>;
}

const kitOf = (ctx: ScenarioContext) => ctx.kit!;

/** A role whose trust policy is about web identity, but not from this IdP. */
function untrustingRole(roles: KitRole[], issuer: string): string {
  const mine = `oidc-provider/${providerOf(issuer)}`;
  const role = roles.find((r) => {
    const stmts = [r.trustPolicy.Statement].flat();
    const webIdentity = stmts.filter((s) => [s.Action].flat().includes('sts:AssumeRoleWithWebIdentity'));
    const federated = webIdentity.flatMap((s) =>
      s.Principal === '*' ? ['*'] : [s.Principal?.Federated ?? []].flat(),
    );
    return webIdentity.length > 0 && !federated.some((f) => f === '*' || f.endsWith(mine));
  });
  if (!role) throw new Error('The kit has no role that trusts another provider.');
  return role.arn;
}

export const SCENARIOS: Scenario[] = [
  {
    id: 'access-token',
    title: 'Send the access token',
    does: 'getIdToken() returns user.access_token instead of user.id_token',
    row: 'notAnIdToken',
    needsKit: false,
    explain: false,
    prepare: async ({ user, config }) => ({ token: user.access_token, roleArn: config.roleArn }),
  },
  {
    id: 'wrong-audience',
    title: 'Wrong audience',
    does: 'an ID token whose aud is an API audience (https://api.example.com), not the client ID',
    row: 'trustPolicy',
    needsKit: true,
    explain: true,
    prepare: async (ctx) => ({
      token: await kitOf(ctx).mintIdToken({ sub: ctx.user.profile.sub, aud: 'https://api.example.com' }),
      roleArn: ctx.config.roleArn,
    }),
  },
  {
    id: 'expired',
    title: 'Expired token',
    does: 'an ID token that expired a minute ago, returned again on forceRefresh',
    row: 'expired',
    needsKit: true,
    explain: true,
    prepare: async (ctx) => ({
      token: await kitOf(ctx).mintIdToken({ sub: ctx.user.profile.sub, expiresIn: -60 }),
      roleArn: ctx.config.roleArn,
    }),
  },
  {
    id: 'trailing-slash',
    title: 'Trailing-slash issuer',
    does: 'an ID token whose iss ends in “/” while the IAM OIDC provider URL does not',
    row: 'noOidcProvider',
    needsKit: true,
    explain: true,
    prepare: async (ctx) => ({
      token: await kitOf(ctx).mintIdToken({ sub: ctx.user.profile.sub, iss: `${ctx.config.issuer}/` }),
      roleArn: ctx.config.roleArn,
    }),
  },
  {
    id: 'untrusted-role',
    title: 'A role that does not trust this provider',
    does: 'your real ID token, for a role whose trust policy names another identity provider',
    row: 'trustPolicy',
    needsKit: true,
    explain: true,
    prepare: async (ctx) => ({
      token: ctx.user.id_token ?? '',
      roleArn: untrustingRole(await kitOf(ctx).roles(), ctx.config.issuer),
    }),
  },
  {
    id: 'throttled',
    title: 'Throttled STS',
    does: 'the kit answers the next AssumeRoleWithWebIdentity with Throttling',
    row: 'throttled',
    needsKit: true,
    explain: false,
    prepare: async (ctx) => {
      await kitOf(ctx).throttleExchanges(1);
      return { token: ctx.user.id_token ?? '', roleArn: ctx.config.roleArn };
    },
  },
];
