import type { PolicyDocument } from './policy.js';

/** A role the local STS can assume. */
export interface RoleConfig {
  /** `arn:aws:iam::<account>:role/<name>` */
  arn: string;
  /** Who may assume it (Principal `Federated` / `AWS`, conditions on `<issuer>:aud`, `:sub`, `:amr`). */
  trustPolicy: PolicyDocument;
  /** Identity (permissions) policies enforced by the local S3 and execute-api. */
  permissions?: PolicyDocument[];
  /** Max session duration in seconds (3600..43200); default 3600. */
  maxSessionDuration?: number;
}

/** A Cognito identity pool. */
export interface IdentityPoolConfig {
  /** `<region>:<uuid>` */
  id: string;
  name?: string;
  /**
   * Login providers: provider name (the issuer without `https://`, e.g. `127.0.0.1:4000`) → accepted
   * client ids (`null` = any audience).
   */
  providers: Record<string, string[] | null>;
  /** Role for authenticated identities (its trust policy must allow `cognito-identity.amazonaws.com`). */
  authenticatedRoleArn?: string;
  unauthenticatedRoleArn?: string;
  allowUnauthenticated?: boolean;
}

/** A bucket of the S3 subset. */
export interface BucketConfig {
  name: string;
}

/** Long-term keys (an IAM user) that may sign `AssumeRole`, `GetCallerIdentity`, S3, execute-api. */
export interface AccessKeyConfig {
  accessKeyId: string;
  secretAccessKey: string;
  /** The IAM user ARN; default `arn:aws:iam::<account>:user/local-admin`. */
  arn?: string;
  /** Identity policies for this user; default: allow everything. */
  permissions?: PolicyDocument[];
}

/** An OIDC provider registered in the local account. */
export interface IssuerConfig {
  /** The issuer URL exactly as in the tokens' `iss` claim. */
  url: string;
  /** The provider's client id list (audiences); omitted = any audience (the trust policy decides). */
  clientIds?: string[];
  /**
   * Where this issuer's signing keys are fetched; default: the `jwks_uri` of
   * `<url>/.well-known/openid-configuration`. Set it to a local IdP's `jwksUri` to register a real
   * provider's issuer (`https://accounts.google.com`) offline and mint its tokens with
   * `idp.issueIdToken({ iss: 'https://accounts.google.com', ... })`.
   */
  jwksUri?: string;
}

/** The default region. */
export const DEFAULT_REGION = 'eu-west-1';
/** The local account id. */
export const DEFAULT_ACCOUNT_ID = '123456789012';
/** The default bucket. */
export const DEFAULT_BUCKET = 'demo-uploads';
/** The default role's name. */
export const DEFAULT_ROLE_NAME = 'PhotoUploader';
/** The default role's ARN (trusts each registered issuer with audience `web-identity-demo`). */
export const DEFAULT_ROLE_ARN = `arn:aws:iam::${DEFAULT_ACCOUNT_ID}:role/${DEFAULT_ROLE_NAME}`;
/** A role for server-side brokers (AssumeRole with long-term keys + a session policy scoped to the user). */
export const BROKER_ROLE_ARN = `arn:aws:iam::${DEFAULT_ACCOUNT_ID}:role/PhotoBroker`;
/** The role the default identity pool hands to authenticated identities. */
export const COGNITO_ROLE_ARN = `arn:aws:iam::${DEFAULT_ACCOUNT_ID}:role/CognitoPhotoUploader`;
/** The default identity pool's id. */
export const DEFAULT_IDENTITY_POOL_ID = `${DEFAULT_REGION}:7d1a3f0e-5b1c-4c9a-9a57-0f6e2d4b8c11`;
/**
 * A second default pool that also lets guests in (unauthenticated identities, `CognitoGuestReader`), with the
 * same login providers and authenticated role as the default pool.
 */
export const GUEST_IDENTITY_POOL_ID = `${DEFAULT_REGION}:0b5e7c2a-3f1d-4e8b-9c6a-2d4f6a8b0c13`;
/** The role the guest pool hands to unauthenticated identities: read-only `public/` of the bucket. */
export const COGNITO_GUEST_ROLE_ARN = `arn:aws:iam::${DEFAULT_ACCOUNT_ID}:role/CognitoGuestReader`;
/** AWS's documentation example keys: obviously fake, accepted by the local AWS as a long-term key pair. */
export const DEFAULT_ACCESS_KEY: AccessKeyConfig = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};
/** The issuer of Cognito Identity's OpenID tokens. */
export const COGNITO_ISSUER = 'https://cognito-identity.amazonaws.com';
/** Cognito's provider name (the issuer without `https://`). */
export const COGNITO_PROVIDER = 'cognito-identity.amazonaws.com';
/**
 * Google's issuer: one of the providers IAM knows without an IAM OIDC provider (a trust policy may name
 * it as `"Federated": "accounts.google.com"`), and whose `accounts.google.com:aud` key is the token's
 * `azp` when present (its `aud` is then `accounts.google.com:oaud`).
 */
export const GOOGLE_ISSUER = 'https://accounts.google.com';

/**
 * The provider name AWS uses for an issuer: the URL without scheme and trailing slash. It prefixes
 * condition keys and policy variables (`<provider>:sub`) and names Cognito logins.
 *
 * @example
 * providerName('http://127.0.0.1:4000'); // '127.0.0.1:4000'
 */
export const providerName = (issuer: string): string =>
  issuer.replace(/^https?:\/\//, '').replace(/\/+$/, '');

/**
 * The IAM OIDC provider ARN for an issuer (what a trust policy's `Principal.Federated` names).
 *
 * @example
 * oidcProviderArn(idp.issuer); // 'arn:aws:iam::123456789012:oidc-provider/127.0.0.1:4000'
 */
export const oidcProviderArn = (issuer: string, account = DEFAULT_ACCOUNT_ID): string =>
  `arn:aws:iam::${account}:oidc-provider/${providerName(issuer)}`;

const objectActions = ['s3:PutObject', 's3:GetObject', 's3:DeleteObject'];

/**
 * Permissions to read (GetObject, and ListBucket with an `s3:prefix` condition) `public/` of `bucket` and
 * nothing else: what the guest pool's unauthenticated role may do.
 *
 * @example
 * const guestRole = { arn, trustPolicy, permissions: [publicReadPolicy('demo-uploads')] };
 */
export function publicReadPolicy(bucket: string): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/public/*` },
      {
        Effect: 'Allow',
        Action: 's3:ListBucket',
        Resource: `arn:aws:s3:::${bucket}`,
        Condition: { StringLike: { 's3:prefix': ['public/', 'public/*'] } },
      },
    ],
  };
}

/** A trust policy statement for identities of Cognito identity pools `poolIds` with `amr` matching `amr`. */
const cognitoTrust = (poolIds: string[], amr: 'authenticated' | 'unauthenticated') => ({
  Effect: 'Allow' as const,
  Principal: { Federated: COGNITO_PROVIDER },
  Action: 'sts:AssumeRoleWithWebIdentity',
  Condition: {
    StringEquals: { [`${COGNITO_PROVIDER}:aud`]: poolIds },
    'ForAnyValue:StringLike': { [`${COGNITO_PROVIDER}:amr`]: amr },
  },
});

/**
 * Permissions that let each user use only `uploads/${variable}/` of `bucket` (object actions, and
 * ListBucket with an `s3:prefix` condition).
 *
 * @example
 * perUserPrefixPolicy('demo-uploads', `${providerName(idp.issuer)}:sub`);
 */
export function perUserPrefixPolicy(bucket: string, variable: string): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: objectActions,
        Resource: `arn:aws:s3:::${bucket}/uploads/\${${variable}}/*`,
      },
      {
        Effect: 'Allow',
        Action: 's3:ListBucket',
        Resource: `arn:aws:s3:::${bucket}`,
        Condition: { StringLike: { 's3:prefix': [`uploads/\${${variable}}/`, `uploads/\${${variable}}/*`] } },
      },
    ],
  };
}

/**
 * A trust policy statement for web identity federation from `issuer` with audience `audience`.
 *
 * @example
 * const role = { arn, trustPolicy: { Version: '2012-10-17', Statement: [webIdentityTrustPolicy(idp.issuer, 'my-app')] } };
 */
export function webIdentityTrustPolicy(issuer: string, audience: string, account = DEFAULT_ACCOUNT_ID) {
  return {
    Effect: 'Allow' as const,
    Principal: { Federated: oidcProviderArn(issuer, account) },
    Action: 'sts:AssumeRoleWithWebIdentity',
    Condition: { StringEquals: { [`${providerName(issuer)}:aud`]: audience } },
  };
}

const accountTrust = (account: string) => ({
  Effect: 'Allow' as const,
  Principal: { AWS: `arn:aws:iam::${account}:root` },
  Action: ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'],
});

/**
 * The default roles: PhotoUploader (trusts each issuer with aud `audience`, per-user prefix in the bucket,
 * and AssumeRole from the account with a `sub` session tag), CognitoPhotoUploader (trusts authenticated
 * identities of both default identity pools, prefix `uploads/<identity id>/` and reading `public/`),
 * CognitoGuestReader (trusts unauthenticated identities of the guest pool, reading `public/` only) and PhotoBroker (AssumeRole from the account, whole
 * `uploads/`, meant to be narrowed by a session policy).
 *
 * @example
 * await startLocalAws({ idp, roles: [...defaultRoles([idp.issuer]), myExtraRole] });
 */
export function defaultRoles(
  issuers: string[],
  options: {
    audience?: string;
    bucket?: string;
    identityPoolId?: string;
    guestIdentityPoolId?: string;
    account?: string;
  } = {},
): RoleConfig[] {
  const audience = options.audience ?? 'web-identity-demo';
  const bucket = options.bucket ?? DEFAULT_BUCKET;
  const account = options.account ?? DEFAULT_ACCOUNT_ID;
  const poolId = options.identityPoolId ?? DEFAULT_IDENTITY_POOL_ID;
  const guestPoolId = options.guestIdentityPoolId ?? GUEST_IDENTITY_POOL_ID;
  return [
    {
      arn: `arn:aws:iam::${account}:role/${DEFAULT_ROLE_NAME}`,
      maxSessionDuration: 43200,
      trustPolicy: {
        Version: '2012-10-17',
        Statement: [
          ...issuers.map((i) => webIdentityTrustPolicy(i, audience, account)),
          accountTrust(account),
        ],
      },
      permissions: [
        ...issuers.map((i) => perUserPrefixPolicy(bucket, `${providerName(i)}:sub`)),
        perUserPrefixPolicy(bucket, 'aws:PrincipalTag/sub'),
      ],
    },
    {
      arn: `arn:aws:iam::${account}:role/CognitoPhotoUploader`,
      maxSessionDuration: 43200,
      trustPolicy: {
        Version: '2012-10-17',
        Statement: [cognitoTrust([poolId, guestPoolId], 'authenticated')],
      },
      permissions: [perUserPrefixPolicy(bucket, `${COGNITO_PROVIDER}:sub`), publicReadPolicy(bucket)],
    },
    {
      arn: `arn:aws:iam::${account}:role/CognitoGuestReader`,
      maxSessionDuration: 43200,
      trustPolicy: { Version: '2012-10-17', Statement: [cognitoTrust([guestPoolId], 'unauthenticated')] },
      permissions: [publicReadPolicy(bucket)],
    },
    {
      arn: `arn:aws:iam::${account}:role/PhotoBroker`,
      maxSessionDuration: 43200,
      trustPolicy: { Version: '2012-10-17', Statement: [accountTrust(account)] },
      permissions: [
        {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: objectActions, Resource: `arn:aws:s3:::${bucket}/uploads/*` },
            { Effect: 'Allow', Action: 's3:ListBucket', Resource: `arn:aws:s3:::${bucket}` },
          ],
        },
      ],
    },
  ];
}

/**
 * The default identity pools: `DEFAULT_IDENTITY_POOL_ID` (the given issuers as login providers,
 * CognitoPhotoUploader for authenticated, no guests) and `GUEST_IDENTITY_POOL_ID` (the same, plus guests:
 * unauthenticated identities get CognitoGuestReader).
 *
 * @example
 * await startLocalAws({ idp, identityPools: [...defaultIdentityPools([idp.issuer]), myPool] });
 */
export function defaultIdentityPools(
  issuers: string[],
  audience = 'web-identity-demo',
): IdentityPoolConfig[] {
  return [
    {
      id: DEFAULT_IDENTITY_POOL_ID,
      name: 'demo',
      providers: Object.fromEntries(issuers.map((i) => [providerName(i), [audience]])),
      authenticatedRoleArn: COGNITO_ROLE_ARN,
    },
    {
      id: GUEST_IDENTITY_POOL_ID,
      name: 'demo-guests',
      providers: Object.fromEntries(issuers.map((i) => [providerName(i), [audience]])),
      authenticatedRoleArn: COGNITO_ROLE_ARN,
      unauthenticatedRoleArn: COGNITO_GUEST_ROLE_ARN,
      allowUnauthenticated: true,
    },
  ];
}
