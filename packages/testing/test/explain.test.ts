import { AssumeRoleWithWebIdentityCommand } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  COGNITO_ROLE_ARN,
  type LocalKit,
  providerName,
  startLocalKit,
  type TrustExplanation,
} from '../src/index.js';
import { rejectionOf, stsClient } from './helpers.js';

let kit: LocalKit;
beforeAll(async () => {
  kit = await startLocalKit();
});
afterAll(() => kit.close());

/** Everything over HTTP, as the playground (another process, a browser) does it. */
const post = async (path: string, body: unknown) => {
  const res = await fetch(`${kit.aws.endpoint}/__kit/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
};
const mint = async (claims: Record<string, unknown>) =>
  String((await post('id-tokens', claims)).json.id_token);
const explain = async (token: string, roleArn = kit.config.roleArn) =>
  (await post('explain', { roleArn, token })).json as unknown as TrustExplanation;
/** What the real STS endpoint of the kit answers for the same token and role. */
const stsOutcome = async (token: string, roleArn = kit.config.roleArn) => {
  const err = await rejectionOf(
    stsClient(kit.aws).send(
      new AssumeRoleWithWebIdentityCommand({
        RoleArn: roleArn,
        RoleSessionName: 'alice',
        WebIdentityToken: token,
      }),
    ),
  ).catch(() => null);
  return err
    ? { code: String(err.name).replace(/Exception$/, ''), message: err.message }
    : { code: 'success' };
};

describe('POST /__kit/explain: the local STS explains its own decision', () => {
  it('allows a good ID token and names the statement and the conditions that held', async () => {
    const token = await mint({ sub: 'alice' });
    const why = await explain(token);
    const prov = providerName(kit.config.issuer);
    expect(why.outcome).toBe('success');
    expect(why.decision).toBe('allow');
    expect(why.request?.context[`${prov}:aud`]).toBe('web-identity-demo');
    expect(why.statements[0]).toMatchObject({
      applies: true,
      principal: { matched: true },
      conditions: [
        { operator: 'StringEquals', key: `${prov}:aud`, actual: 'web-identity-demo', matched: true },
      ],
    });
    expect(why.summary).toMatch(/^Statement 1 allows/);
    // the permissions policy with the policy variable resolved for alice
    expect(JSON.stringify(why.permissions)).toContain('arn:aws:s3:::demo-uploads/uploads/alice/*');
    expect(JSON.stringify(why.permissions)).not.toContain('${');
    expect(why.role?.permissions).toHaveLength(2); // the PrincipalTag/sub one cannot apply to this session
    expect(why.permissions).toHaveLength(1);
    expect(JSON.stringify(why)).not.toContain(token);
    expect((await stsOutcome(token)).code).toBe('success');
  });

  it('a wrong audience: the aud condition fails, with what it expected and what the token had', async () => {
    const token = await mint({ sub: 'alice', aud: 'https://api.example.com' });
    const why = await explain(token);
    expect(why.outcome).toBe('AccessDenied');
    expect(why.statements[0]!.conditions[0]).toMatchObject({
      matched: false,
      expected: ['web-identity-demo'],
      actual: 'https://api.example.com',
    });
    expect(why.summary).toContain(
      `StringEquals on ${providerName(kit.config.issuer)}:aud expects "web-identity-demo", the token has "https://api.example.com"`,
    );
    expect(await stsOutcome(token)).toMatchObject({ code: 'AccessDenied' });
  });

  it('a role that trusts another provider: the principal does not match', async () => {
    const token = await mint({ sub: 'alice' });
    const why = await explain(token, COGNITO_ROLE_ARN);
    expect(why.outcome).toBe('AccessDenied');
    expect(why.statements[0]!.principal).toMatchObject({ matched: false });
    expect(why.summary).toContain(
      'trusts Federated: cognito-identity.amazonaws.com, but this token comes from',
    );
    expect(await stsOutcome(token, COGNITO_ROLE_ARN)).toMatchObject({ code: 'AccessDenied' });
  });

  it('a trailing-slash issuer: no OpenID Connect provider, and the kit says it is the slash', async () => {
    const token = await mint({ sub: 'alice', iss: `${kit.config.issuer}/` });
    const why = await explain(token);
    expect(why.tokenError?.code).toBe('InvalidIdentityToken');
    expect(why.decision).toBe('not-evaluated');
    expect(why.summary).toContain('only by a trailing slash');
    const sts = await stsOutcome(token);
    expect(sts.code).toBe('InvalidIdentityToken');
    expect(sts.message).toContain(
      `No OpenIDConnect provider found in your account for ${kit.config.issuer}/`,
    );
  });

  it('an expired token: STS refuses it before the trust policy', async () => {
    const token = await mint({ sub: 'alice', expiresIn: -120 });
    const why = await explain(token);
    expect(why).toMatchObject({ outcome: 'ExpiredTokenException', decision: 'not-evaluated' });
    expect((await stsOutcome(token)).code).toBe('ExpiredToken');
  });

  it('an unknown role: AccessDenied, as STS says for a role that does not trust you', async () => {
    const why = await explain(await mint({ sub: 'alice' }), 'arn:aws:iam::123456789012:role/Nope');
    expect(why).toMatchObject({ role: null, outcome: 'AccessDenied' });
    expect(why.summary).toContain('has no role');
  });

  it('answers 400 for a malformed request and lists the roles', async () => {
    expect((await post('explain', { roleArn: 1 })).status).toBe(400);
    expect((await post('id-tokens', [])).status).toBe(400);
    const roles = (await (await fetch(`${kit.aws.endpoint}/__kit/roles`)).json()) as { arn: string }[];
    expect(roles.map((r) => r.arn)).toContain(kit.config.roleArn);
    expect(roles.map((r) => r.arn)).toContain(COGNITO_ROLE_ARN);
  });

  it('mints tokens only with a local IdP behind it', async () => {
    const { startLocalAws } = await import('../src/index.js');
    const aws = await startLocalAws({ idp: { issuer: kit.config.issuer } });
    try {
      const res = await fetch(`${aws.endpoint}/__kit/id-tokens`, { method: 'POST', body: '{"sub":"alice"}' });
      expect(res.status).toBe(404);
    } finally {
      await aws.close();
    }
  });
});
