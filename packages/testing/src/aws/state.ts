import { createHash, randomBytes } from 'node:crypto';
import type { AccessKeyConfig } from './config.js';
import type { PolicyContext, PolicyDocument } from './policy.js';

/** Temporary credentials issued by the local STS / Cognito. Kept in memory by the kit only. */
export interface IssuedSession {
  kind: 'session';
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
  roleArn: string;
  roleId: string;
  sessionName: string;
  /** `arn:aws:sts::<account>:assumed-role/<role>/<session>` */
  arn: string;
  /** `<role id>:<session name>` (= `aws:userid`) */
  userId: string;
  subject?: string;
  issuer?: string;
  /** Role identity policies. */
  permissions: PolicyDocument[];
  /** Session policies (inline + managed), null when none were passed. */
  sessionPolicies: PolicyDocument[] | null;
  context: PolicyContext;
  /** Issued from other temporary credentials (role chaining). */
  chained: boolean;
}

export interface LongTermPrincipal {
  kind: 'user';
  accessKeyId: string;
  secretAccessKey: string;
  arn: string;
  userId: string;
  permissions: PolicyDocument[];
  context: PolicyContext;
}

export type Principal = IssuedSession | LongTermPrincipal;

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const base32 = (bytes: Buffer, length: number) =>
  Array.from(bytes.subarray(0, length), (b) => BASE32[b % 32]).join('');

export const newAccessKeyId = (): string => `ASIA${base32(randomBytes(16), 16)}`;
export const newSecret = (): string => randomBytes(30).toString('base64');
export const newSessionToken = (): string => `IQoJb3JpZ2luX2VjE${randomBytes(480).toString('base64')}`;

/** A stable unique id for an IAM entity (`AROA…` for roles, `AIDA…` for users). */
export function entityId(prefix: string, arn: string): string {
  return `${prefix}${base32(createHash('sha256').update(arn).digest(), 17)}`;
}

export const roleName = (arn: string): string =>
  arn
    .slice(arn.indexOf(':role/') + 6)
    .split('/')
    .pop() ?? '';
export const accountOf = (arn: string): string => arn.split(':')[4] ?? '';

/** Everything the local AWS keeps in memory: issued sessions and long-term keys. */
export class CredentialStore {
  readonly #sessions = new Map<string, IssuedSession>();
  readonly #users = new Map<string, LongTermPrincipal>();

  constructor(keys: AccessKeyConfig[], account: string) {
    for (const key of keys) {
      const arn = key.arn ?? `arn:aws:iam::${account}:user/local-admin`;
      this.#users.set(key.accessKeyId, {
        kind: 'user',
        accessKeyId: key.accessKeyId,
        secretAccessKey: key.secretAccessKey,
        arn,
        userId: entityId('AIDA', arn),
        permissions: key.permissions ?? [
          { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
        ],
        context: { 'aws:username': arn.split('/').pop(), 'aws:principaltype': 'User' },
      });
    }
  }

  add(session: IssuedSession): void {
    this.#sessions.set(session.accessKeyId, session);
  }

  find(accessKeyId: string): Principal | undefined {
    return this.#sessions.get(accessKeyId) ?? this.#users.get(accessKeyId);
  }

  /** Drops every issued session (long-term keys stay). */
  clear(): void {
    this.#sessions.clear();
  }
}
