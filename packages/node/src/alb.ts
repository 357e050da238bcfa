import { CredentialsError } from '@web-identity/core';
import { type CryptoKey, decodeProtectedHeader, errors, importSPKI, jwtVerify } from 'jose';
import { invalidRequest, invalidToken } from './errors.js';
import { MAX_TOKEN_LENGTH } from './extractors.js';
import type { TokenClaims, TokenExtractor } from './types.js';

export interface AlbOidcOptions {
  /** The load balancer's region, e.g. `eu-west-1` (selects its public-key endpoint). */
  region: string;
  /** The ALB's ARN: the `signer` field of the header must equal it. */
  expectedSigner: string;
  /**
   * Base URL of the key endpoint; the `kid` is appended. Default
   * `https://public-keys.auth.elb.<region>.amazonaws.com`. Pass the local kit's ALB key endpoint in tests.
   */
  keyUrl?: string;
  /** Default 5 s. */
  clockToleranceSec?: number;
  /** Key fetch timeout. Default 5 s. */
  timeoutMs?: number;
}

const KID = /^[A-Za-z0-9_-]{1,128}$/;
const UNKNOWN_KID_COOLDOWN_MS = 30_000;
const MAX_KEYS = 100;

/**
 * Trusts an AWS Application Load Balancer that authenticated the user: reads `x-amzn-oidc-data`, verifies the
 * ALB's ES256 signature (key fetched by `kid` from the regional endpoint, cached), its `signer` and `exp`.
 * That header is not an ID token and STS will not take it: pair this with the `broker()` source.
 *
 * @example
 * awsCredentials({
 *   region: 'eu-west-1',
 *   token: fromAlbOidc({ region: 'eu-west-1', expectedSigner: process.env.ALB_ARN! }),
 *   source: broker({ roleArn, sessionPolicy: (id) => scopedToUser(id.subject) }),
 * });
 */
export function fromAlbOidc(options: AlbOidcOptions): TokenExtractor {
  if (!options?.region || !options.expectedSigner) {
    throw new CredentialsError('Configuration', 'fromAlbOidc needs region and expectedSigner (the ALB ARN).');
  }
  const base = (options.keyUrl ?? `https://public-keys.auth.elb.${options.region}.amazonaws.com`).replace(
    /\/$/,
    '',
  );
  const timeoutMs = options.timeoutMs ?? 5_000;
  const keys = new Map<string, Promise<CryptoKey>>();
  const unknownKids = new Map<string, number>();

  function fetchKey(kid: string): Promise<CryptoKey> {
    const known = keys.get(kid);
    if (known) return known;
    const until = unknownKids.get(kid);
    if (until !== undefined && until > Date.now()) {
      return Promise.reject(
        invalidToken('InvalidIdentityToken', 'The ALB header is signed with an unknown key.'),
      );
    }
    const pending = (async () => {
      let res: Response;
      try {
        res = await fetch(`${base}/${encodeURIComponent(kid)}`, { signal: AbortSignal.timeout(timeoutMs) });
      } catch (cause) {
        throw new CredentialsError(
          'IdpUnreachable',
          "The load balancer's public-key endpoint is unreachable.",
          {
            cause,
          },
        );
      }
      if (res.status === 404 || res.status === 403) {
        unknownKids.set(kid, Date.now() + UNKNOWN_KID_COOLDOWN_MS);
        if (unknownKids.size > MAX_KEYS) unknownKids.delete(unknownKids.keys().next().value as string);
        throw invalidToken('InvalidIdentityToken', 'The ALB header is signed with an unknown key.');
      }
      if (!res.ok) {
        throw new CredentialsError(
          'IdpUnreachable',
          `The load balancer's public-key endpoint answered ${res.status}.`,
        );
      }
      try {
        return await importSPKI((await res.text()).trim(), 'ES256');
      } catch (cause) {
        throw new CredentialsError('IdpUnreachable', "The load balancer's public key could not be read.", {
          cause,
        });
      }
    })();
    keys.set(kid, pending);
    if (keys.size > MAX_KEYS) keys.delete(keys.keys().next().value as string);
    pending.catch(() => keys.delete(kid));
    return pending;
  }

  return {
    kind: 'alb-oidc',
    extract(req) {
      const raw = req.headers['x-amzn-oidc-data'];
      if (Array.isArray(raw)) throw invalidRequest('More than one x-amzn-oidc-data header.');
      if (!raw) return null;
      if (raw.length > MAX_TOKEN_LENGTH) throw invalidRequest('The x-amzn-oidc-data header is too long.');
      return raw.trim();
    },
    async verify(token) {
      // The ALB pads its base64url segments with '='; JOSE libraries expect them unpadded.
      const jwt = token
        .split('.')
        .map((s) => s.replace(/=+$/, ''))
        .join('.');
      let header: Record<string, unknown>;
      try {
        if (jwt.split('.').length !== 3) throw new Error('segments');
        header = decodeProtectedHeader(jwt) as Record<string, unknown>;
      } catch (cause) {
        throw invalidToken(
          'InvalidIdentityToken',
          'The ALB header is not a well-formed signed token.',
          cause,
        );
      }
      if (header.alg !== 'ES256') {
        throw invalidToken('InvalidIdentityToken', 'The ALB header is not signed with ES256.');
      }
      if (header.signer !== options.expectedSigner) {
        throw invalidToken('InvalidIdentityToken', 'The ALB header was signed by another load balancer.');
      }
      if (typeof header.kid !== 'string' || !KID.test(header.kid)) {
        throw invalidToken('InvalidIdentityToken', 'The ALB header has no usable key id.');
      }
      const key = await fetchKey(header.kid);
      let claims: TokenClaims;
      try {
        const result = await jwtVerify(jwt, key, {
          algorithms: ['ES256'],
          clockTolerance: options.clockToleranceSec ?? 5,
          requiredClaims: ['sub', 'exp'],
        });
        claims = result.payload as TokenClaims;
      } catch (err) {
        if (err instanceof errors.JWTExpired) {
          throw invalidToken('ExpiredIdentityToken', 'The ALB header has expired.', err);
        }
        if (err instanceof errors.JWSSignatureVerificationFailed) {
          throw invalidToken('InvalidIdentityToken', 'The ALB header signature is invalid.', err);
        }
        throw invalidToken('InvalidIdentityToken', 'The ALB header could not be verified.', err);
      }
      return {
        subject: claims.sub!,
        issuer:
          typeof claims.iss === 'string' ? claims.iss : typeof header.iss === 'string' ? header.iss : 'alb',
        claims,
      };
    },
  };
}
