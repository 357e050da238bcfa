// The four checks every framework glue passes with the framework's real server against the kit (issue 25): a
// cached user costs 0 STS calls, a bad token gets 401 with WWW-Authenticate, a throttled STS gets 503 with
// Retry-After, two users never see each other's keys. The app under test serves GET /api/me →
// { subject, accessKeyId } from the glue's `aws`; tokens come as `Authorization: Bearer`.
import {
  DEFAULT_ROLE_ARN,
  type LocalAws,
  type LocalIdp,
  startLocalAws,
  startLocalIdp,
} from '@web-identity/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** What an app under test is configured with (in-process: as is; another process: as `glueEnv`). */
export interface GlueConfig {
  issuer: string;
  audience: string;
  awsEndpoint: string;
  region: string;
  roleArn: string;
}

export interface GlueApp {
  url: string;
  close(): Promise<void>;
}

/** The config as environment variables, for an app in another process (Bun, Next.js, …). */
export function glueEnv(config: GlueConfig): Record<string, string> {
  return {
    WI_ISSUER: config.issuer,
    WI_AUDIENCE: config.audience,
    WI_AWS_ENDPOINT: config.awsEndpoint,
    WI_ROLE_ARN: config.roleArn,
    AWS_REGION: config.region,
  };
}

const EXCHANGES = new Set(['AssumeRoleWithWebIdentity', 'AssumeRole', 'GetId', 'GetCredentialsForIdentity']);

export function glueChecks(
  framework: string,
  start: (config: GlueConfig) => Promise<GlueApp>,
  opts: { timeoutMs?: number } = {},
): void {
  describe(`${framework}: glue over the framework's real server`, () => {
    let idp: LocalIdp;
    let aws: LocalAws;
    let app: GlueApp;
    const exchanges = () => aws.calls().filter((c) => EXCHANGES.has(c.action)).length;
    const me = async (token?: string) => {
      const res = await fetch(`${app.url}/api/me`, {
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });
      const text = await res.text();
      return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
    };
    const user = (sub: string) => idp.issueIdToken({ sub: `${framework}-${sub}` });

    beforeAll(async () => {
      idp = await startLocalIdp();
      aws = await startLocalAws({ idp });
      app = await start({
        issuer: idp.issuer,
        audience: 'web-identity-demo',
        awsEndpoint: aws.endpoint,
        region: aws.region,
        roleArn: DEFAULT_ROLE_ARN,
      });
    }, opts.timeoutMs ?? 60_000);
    afterAll(async () => {
      await app?.close();
      await aws?.close();
      await idp?.close();
    });

    it('two users, interleaved: each gets the keys STS issued to them, one exchange each', async () => {
      const tokens = [await user('alice'), await user('bob')];
      const before = exchanges();
      const order = Array.from({ length: 20 }, (_, i) => i % 2);
      const results = await Promise.all(order.map(async (i) => ({ i, res: await me(tokens[i]) })));
      const issued = new Map(
        aws.calls({ action: 'AssumeRoleWithWebIdentity' }).map((c) => [c.subject, c.issuedAccessKeyId]),
      );
      for (const { i, res } of results) {
        const subject = `${framework}-${i === 0 ? 'alice' : 'bob'}`;
        expect(res.status).toBe(200);
        expect(res.body.subject).toBe(subject);
        expect(res.body.accessKeyId).toBe(issued.get(subject));
      }
      expect(issued.get(`${framework}-alice`)).not.toBe(issued.get(`${framework}-bob`));
      expect(exchanges()).toBe(before + 2);
    });

    it('a cached user costs 0 STS calls', async () => {
      const token = await user('carol');
      expect((await me(token)).status).toBe(200);
      const before = exchanges();
      for (let i = 0; i < 5; i++) expect((await me(token)).body.subject).toBe(`${framework}-carol`);
      expect(exchanges()).toBe(before);
    });

    it('a bad token (or none) gets 401 with WWW-Authenticate, and 0 STS calls', async () => {
      const before = exchanges();
      const forged = await idp.issueIdToken({ sub: `${framework}-mallory` }, { foreignKey: true });
      const bad = await me(forged);
      expect(bad.status).toBe(401);
      expect(bad.headers.get('www-authenticate')).toMatch(/^Bearer realm="aws", error="invalid_token"/);
      expect(bad.headers.get('content-type')).toBe('application/problem+json');
      expect(bad.body.code).toBe('InvalidIdentityToken');
      const none = await me();
      expect(none.status).toBe(401);
      expect(none.headers.get('www-authenticate')).toBe('Bearer realm="aws"');
      expect(exchanges()).toBe(before);
    });

    it('a throttled STS gets 503 with Retry-After', async () => {
      const token = await user('heidi');
      aws.faults.throttle(50);
      try {
        const res = await me(token);
        expect(res.status).toBe(503);
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(res.body).toMatchObject({ code: 'Throttled', retryable: true });
      } finally {
        aws.faults.reset();
      }
    });
  });
}
