import {
  type CryptoKey,
  compactVerify,
  createRemoteJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  errors,
  type JWTPayload,
} from 'jose';
import { COGNITO_ISSUER, type IssuerConfig } from './config.js';
import { AwsError } from './errors.js';

type KeyResolver = ReturnType<typeof createRemoteJWKSet>;

/** How a token failed, independent of which service reports it. */
export type TokenFailure =
  | { kind: 'invalid'; message: string }
  | { kind: 'expired'; message: string }
  | { kind: 'idp-unreachable'; message: string };

export class TokenError extends Error {
  constructor(readonly failure: TokenFailure) {
    super(failure.message);
    this.name = 'TokenError';
  }
}

/**
 * Verifies web identity tokens as STS does: registered issuer, signature against the issuer's JWKS
 * (discovered, fetched, cached), `exp`, and the `iat`/`aud`/`sub` claims.
 */
export class WebIdentityVerifier {
  readonly #issuers: Map<string, IssuerConfig>;
  readonly #jwks = new Map<string, Promise<KeyResolver>>();

  constructor(
    issuers: IssuerConfig[],
    private readonly cognitoKey: () => Promise<CryptoKey>,
    private readonly idpDown: () => boolean,
  ) {
    // Exactly as registered: AWS compares the token's `iss` with the IAM OIDC provider URL as is, so a
    // trailing slash on one side only means "No OpenIDConnect provider found".
    this.#issuers = new Map(issuers.map((i) => [i.url, i]));
  }

  get issuers(): IssuerConfig[] {
    return [...this.#issuers.values()];
  }

  issuer(url: string): IssuerConfig | undefined {
    return this.#issuers.get(url);
  }

  async verify(token: string, now: Date): Promise<JWTPayload & { iss: string }> {
    const invalid = (message: string): never => {
      throw new TokenError({ kind: 'invalid', message });
    };
    let claims: JWTPayload;
    try {
      decodeProtectedHeader(token);
      claims = decodeJwt(token);
    } catch {
      return invalid(
        'The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)',
      );
    }
    const iss = claims.iss;
    if (typeof iss !== 'string') return invalid('Missing a required claim: iss');
    const cognito = iss === COGNITO_ISSUER;
    if (!cognito && !this.issuer(iss))
      return invalid(`No OpenIDConnect provider found in your account for ${iss}`);
    try {
      if (cognito) await compactVerify(token, await this.cognitoKey());
      else {
        if (this.idpDown()) {
          throw new TokenError({
            kind: 'idp-unreachable',
            message:
              'Couldn\u2019t retrieve verification key from your identity provider, please reference AssumeRoleWithWebIdentity documentation for requirements',
          });
        }
        await compactVerify(token, await this.#keysFor(iss));
      }
    } catch (err) {
      if (err instanceof TokenError) throw err;
      if (
        err instanceof errors.JWKSTimeout ||
        err instanceof errors.JWKSInvalid ||
        (err instanceof Error && !(err instanceof errors.JOSEError))
      ) {
        this.#jwks.delete(iss);
        throw new TokenError({
          kind: 'idp-unreachable',
          message:
            'Couldn\u2019t retrieve verification key from your identity provider, please reference AssumeRoleWithWebIdentity documentation for requirements',
        });
      }
      return invalid('Invalid ID token signature.');
    }
    const nowSec = Math.floor(now.getTime() / 1000);
    if (typeof claims.exp !== 'number') return invalid('Missing a required claim: exp');
    if (claims.exp <= nowSec) {
      throw new TokenError({
        kind: 'expired',
        message: `Token expired: current date/time ${nowSec} must be before the expiration date/time${claims.exp}`,
      });
    }
    for (const claim of ['iat', 'aud', 'sub'] as const) {
      if (claims[claim] === undefined || claims[claim] === '')
        return invalid(`Missing a required claim: ${claim}`);
    }
    const config = cognito ? undefined : this.issuer(iss);
    if (config?.clientIds) {
      const auds = Array.isArray(claims.aud) ? claims.aud : [claims.aud!];
      if (!auds.some((a) => config.clientIds!.includes(a))) return invalid('Incorrect token audience');
    }
    return claims as JWTPayload & { iss: string };
  }

  #keysFor(iss: string): Promise<KeyResolver> {
    let keys = this.#jwks.get(iss);
    if (!keys) {
      const configured = this.issuer(iss)?.jwksUri;
      keys = (async () => {
        if (configured)
          return createRemoteJWKSet(new URL(configured), { timeoutDuration: 5000, cooldownDuration: 0 });
        const res = await fetch(`${iss}/.well-known/openid-configuration`, {
          signal: AbortSignal.timeout(5000),
        });
        if (!res.ok) throw new Error(`discovery answered ${res.status}`);
        const meta = (await res.json()) as { jwks_uri?: string };
        if (!meta.jwks_uri) throw new Error('no jwks_uri');
        return createRemoteJWKSet(new URL(meta.jwks_uri), { timeoutDuration: 5000, cooldownDuration: 0 });
      })();
      keys.catch(() => this.#jwks.delete(iss));
      this.#jwks.set(iss, keys);
    }
    return keys;
  }
}

/** Maps a token failure to STS's error codes. */
export function stsTokenError(err: TokenError): AwsError {
  switch (err.failure.kind) {
    case 'expired':
      return new AwsError('ExpiredTokenException', err.failure.message);
    case 'idp-unreachable':
      return new AwsError('IDPCommunicationError', err.failure.message);
    default:
      return new AwsError('InvalidIdentityToken', err.failure.message);
  }
}
