import { createPublicKey, type KeyObject, verify } from 'node:crypto';
import { CredentialsError } from '@web-identity/core';
import { invalidRequest, invalidToken } from '../errors.js';
import { Lru } from '../lru.js';
import { tokenBucket } from '../tokenBucket.js';
import type { TokenClaims, TokenExtractor } from '../types.js';
import { MAX_TOKEN_LENGTH } from './extractors.js';

/** Options of `fromAlbOidc`: how to verify the `x-amzn-oidc-data` header an Application Load Balancer signs. */
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
  /**
   * Outbound key look-ups allowed, all `kid`s together (a token bucket): `burst` at once, refilled at
   * `perMinute`. Beyond it an unknown `kid` is answered 503 + `Retry-After` without a fetch. Default 10 and 10.
   */
  keyFetches?: { burst?: number; perMinute?: number };
}

const KID = /^[A-Za-z0-9_-]{1,128}$/;
const UNKNOWN_KID_COOLDOWN_MS = 30_000;
/** Fetched public keys kept (an ALB signs with one key at a time; rotation adds a few). */
const MAX_KEYS = 100;
/** `kid`s remembered as unknown (for the cooldown); with the token bucket, cycling kids gains nothing. */
const MAX_UNKNOWN_KIDS = 1_000;

/** Without its trailing `=` padding; a loop, since `/=+$/` is quadratic on `===…=x`. */
function unpadded(segment: string): string {
  let end = segment.length;
  while (end > 0 && segment.charCodeAt(end - 1) === 61) end--;
  return segment.slice(0, end);
}

/**
 * The ALB's public keys by `kid`: fetched keys in their own LRU (a pending look-up never evicts one), one
 * look-up in flight per `kid`, unknown `kid`s remembered for a cooldown, and every outbound look-up paid from
 * one token bucket, so cycling `kid`s cannot turn requests into fetches.
 */
function albKeyStore(base: string, options: AlbOidcOptions): (kid: string) => Promise<KeyObject> {
  const timeoutMs = options.timeoutMs ?? 5_000;
  const keys = new Lru<string, KeyObject>({ maxEntries: MAX_KEYS }); // fetched keys only
  const pending = new Map<string, Promise<KeyObject>>(); // look-ups in flight, bounded by the bucket
  const unknownKids = new Lru<string, number>({ maxEntries: MAX_UNKNOWN_KIDS });
  const bucket = tokenBucket({
    burst: options.keyFetches?.burst ?? 10,
    perMinute: options.keyFetches?.perMinute ?? 10,
  });

  async function download(kid: string): Promise<KeyObject> {
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
      throw invalidToken('InvalidIdentityToken', 'The ALB header is signed with an unknown key.');
    }
    if (!res.ok) {
      throw new CredentialsError(
        'IdpUnreachable',
        `The load balancer's public-key endpoint answered ${res.status}.`,
      );
    }
    try {
      const key = createPublicKey((await res.text()).trim());
      if (key.asymmetricKeyType !== 'ec') throw new Error('not an EC key');
      return key;
    } catch (cause) {
      throw new CredentialsError('IdpUnreachable', "The load balancer's public key could not be read.", {
        cause,
      });
    }
  }

  function fetchKey(kid: string): Promise<KeyObject> {
    const known = keys.get(kid);
    if (known) return Promise.resolve(known);
    const inFlight = pending.get(kid);
    if (inFlight) return inFlight;
    const until = unknownKids.peek(kid);
    if (until !== undefined && until > Date.now()) {
      return Promise.reject(
        invalidToken('InvalidIdentityToken', 'The ALB header is signed with an unknown key.'),
      );
    }
    if (!bucket.take()) {
      return Promise.reject(
        new CredentialsError(
          'IdpUnreachable',
          "Too many look-ups of the load balancer's public keys; retry shortly.",
          {
            retryAt: new Date(bucket.nextAt()),
          },
        ),
      );
    }
    const p = download(kid).then((key) => {
      keys.set(kid, key);
      return key;
    });
    pending.set(kid, p);
    const done = () => pending.delete(kid);
    p.then(done, done);
    return p;
  }

  return fetchKey;
}

/**
 * Trusts an AWS Application Load Balancer that authenticated the user: reads `x-amzn-oidc-data`, verifies the
 * ALB's ES256 signature (key fetched by `kid` from the regional endpoint, cached), its `signer` and `exp`.
 * That header is not an ID token and STS will not take it: pair this with the `assumeRole()` source.
 *
 * @example
 * awsCredentials({
 *   region: 'eu-west-1',
 *   token: fromAlbOidc({ region: 'eu-west-1', expectedSigner: process.env.ALB_ARN! }),
 *   source: assumeRole({ roleArn, sessionPolicy: (id) => scopedToUser(id.subject) }),
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
  const fetchKey = albKeyStore(base, options);

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
      // The ALB pads its base64url segments with '=' and signs them as sent, so verify over the raw
      // signing input (JOSE libraries reject the padding).
      const parts = token.split('.');
      let header: Record<string, unknown>;
      let claims: TokenClaims;
      let signature: Buffer;
      try {
        if (parts.length !== 3) throw new Error('segments');
        const json = (s: string) => JSON.parse(Buffer.from(unpadded(s), 'base64url').toString('utf8'));
        header = json(parts[0]!);
        claims = json(parts[1]!);
        signature = Buffer.from(unpadded(parts[2]!), 'base64url');
        if (!header || typeof header !== 'object' || !claims || typeof claims !== 'object')
          throw new Error('json');
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
      const ok =
        signature.length === 64 &&
        verify(
          'sha256',
          Buffer.from(`${parts[0]}.${parts[1]}`),
          { key, dsaEncoding: 'ieee-p1363' },
          signature,
        );
      if (!ok) throw invalidToken('InvalidIdentityToken', 'The ALB header signature is invalid.');
      const now = Date.now() / 1000;
      const tolerance = options.clockToleranceSec ?? 5;
      if (typeof claims.exp !== 'number' || claims.exp + tolerance <= now) {
        throw invalidToken('ExpiredIdentityToken', 'The ALB header has expired.');
      }
      if (typeof claims.sub !== 'string' || claims.sub === '') {
        throw invalidToken('InvalidIdentityToken', 'The ALB header has no subject (sub).');
      }
      return {
        subject: claims.sub,
        issuer:
          typeof claims.iss === 'string' ? claims.iss : typeof header.iss === 'string' ? header.iss : 'alb',
        claims,
      };
    },
  };
}
