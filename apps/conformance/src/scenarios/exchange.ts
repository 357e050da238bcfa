import { check, type ScenarioContext } from '../context.js';
import type { Outcome } from '../types.js';

/** `webIdentity`: one AssumeRoleWithWebIdentity over the fetch transport, usable keys, a `ready` snapshot. */
export async function exchangeWebIdentity(ctx: ScenarioContext): Promise<Outcome> {
  const client = ctx.client();
  const creds = await client.getCredentials();
  check(
    /^ASIA/.test(creds.accessKeyId),
    `temporary keys expected (ASIA…), got ${creds.accessKeyId.slice(0, 4)}…`,
  );
  check(creds.expiration.getTime() > Date.now() + 60_000, 'keys should live well past a minute');
  const snap = client.getSnapshot();
  check(snap.status === 'ready', `status ${snap.status}, expected ready`);
  check(snap.identity?.subject === 'alice', 'identity.subject should be the token subject');
  check(snap.identity?.assumedRoleArn?.includes('assumed-role'), 'identity.assumedRoleArn should be set');
  const calls = await ctx.control.calls({ action: 'AssumeRoleWithWebIdentity' });
  check(
    calls.length === 1 && calls[0]?.outcome === 'success',
    `1 successful STS call expected, saw ${calls.length}`,
  );
  return { status: 'pass' };
}

/** `cognitoIdentityPool` (enhanced flow): GetId + GetCredentialsForIdentity, the identity id in the snapshot. */
export async function exchangeCognito(ctx: ScenarioContext): Promise<Outcome> {
  const client = ctx.client({ source: 'cognitoIdentityPool' });
  const creds = await client.getCredentials();
  check(creds.accessKeyId.length > 0 && creds.sessionToken, 'temporary keys with a session token expected');
  const snap = client.getSnapshot();
  check(snap.status === 'ready', `status ${snap.status}, expected ready`);
  check(
    snap.identity?.identityId?.startsWith(`${ctx.kit.region}:`),
    'identity.identityId should be the pool id',
  );
  const actions = (await ctx.control.calls({ service: 'cognito-identity' })).map((c) => c.action);
  check(
    actions.join() === 'GetId,GetCredentialsForIdentity',
    `GetId then GetCredentialsForIdentity expected, saw ${actions.join() || 'nothing'}`,
  );
  return { status: 'pass' };
}
