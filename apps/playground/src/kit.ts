import type { PolicyDocument, TrustExplanation } from '@web-identity/testing';
import type { PlaygroundConfig } from './config.js';

export type { TrustExplanation };

export interface KitRole {
  arn: string;
  trustPolicy: PolicyDocument;
  permissions?: PolicyDocument[];
}

/** The local kit's control API (`<stsEndpoint>/__kit/…`): only the local kit has it, real AWS does not. */
export interface KitControl {
  roles(): Promise<KitRole[]>;
  /** The local STS's explanation of its AssumeRoleWithWebIdentity decision for this token and role. */
  explain(roleArn: string, idToken: string): Promise<TrustExplanation>;
  /** An ID token signed by the local IdP with these claims (wrong `aud`, past `exp`, another `iss`). */
  mintIdToken(claims: Record<string, unknown>): Promise<string>;
  /** The next `n` AssumeRoleWithWebIdentity calls answer `Throttling`. */
  throttleExchanges(n: number): Promise<void>;
  /** How many AssumeRoleWithWebIdentity calls the local STS has answered so far. */
  exchangeCalls(): Promise<number>;
}

async function call<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, init);
  const body = res.status === 204 ? undefined : await res.json();
  if (!res.ok)
    throw new Error(`${url.replace(/^.*\/__kit/, '/__kit')} answered ${res.status}: ${body?.message}`);
  return body as T;
}

const post = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/** The control API when `stsEndpoint` is the local kit; `null` against real AWS. */
export async function connectKit(config: PlaygroundConfig): Promise<KitControl | null> {
  if (!config.stsEndpoint) return null;
  const base = `${config.stsEndpoint.replace(/\/+$/, '')}/__kit`;
  try {
    await call(`${base}/roles`);
  } catch {
    return null;
  }
  return {
    roles: () => call(`${base}/roles`),
    explain: (roleArn, token) => call(`${base}/explain`, post({ roleArn, token })),
    mintIdToken: async (claims) =>
      (await call<{ id_token: string }>(`${base}/id-tokens`, post(claims))).id_token,
    throttleExchanges: (n) =>
      call(
        `${base}/faults`,
        post({ fault: 'throttle', args: [n, { services: ['sts'], actions: ['AssumeRoleWithWebIdentity'] }] }),
      ),
    exchangeCalls: async () =>
      (await call<unknown[]>(`${base}/calls?service=sts&action=AssumeRoleWithWebIdentity`)).length,
  };
}
