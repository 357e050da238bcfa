import { abortedError, networkError, scrub } from '../aws/awsError.js';
import { CredentialsError, type CredentialsErrorCode } from '../errors.js';
import { jsonObject, parseDate } from '../transport/common.js';
import type { CredentialsSource } from '../types.js';

/** Options of the `credentialEndpoint` source (credentials vended by your server). */
export interface CredentialEndpointOptions {
  /** Your server's credential endpoint (absolute, or relative to the page in a browser). */
  url: string | URL;
  /** Extra fetch options (method, headers, credentials); the ID token is sent as `Authorization: Bearer`. */
  init?: RequestInit;
  /** Defaults to the global `fetch`. */
  fetch?: typeof fetch;
}

const CODES = new Set<CredentialsErrorCode>([
  'Throttled',
  'ServerError',
  'Network',
  'IdpUnreachable',
  'InvalidIdentityToken',
  'ExpiredIdentityToken',
  'NotAnIdToken',
  'AccessDenied',
  'RegionDisabled',
  'Configuration',
]);

function parseExpiration(v: unknown): Date | undefined {
  if (typeof v === 'number') {
    const d = new Date(v < 1e12 ? v * 1000 : v);
    return Number.isNaN(d.getTime()) ? undefined : d;
  }
  return typeof v === 'string' ? parseDate(v) : undefined;
}

function codeFor(status: number, body: Record<string, unknown>, challenge: string): CredentialsErrorCode {
  const said = typeof body.code === 'string' ? body.code : '';
  if (CODES.has(said as CredentialsErrorCode)) return said as CredentialsErrorCode;
  const text = `${challenge} ${scrub(body.detail ?? body.error_description ?? body.title)}`;
  if (status === 401) {
    if (/access token/i.test(text)) return 'NotAnIdToken';
    if (/expired/i.test(text)) return 'ExpiredIdentityToken';
    return 'InvalidIdentityToken';
  }
  if (status === 403) return 'AccessDenied';
  if (status === 429) return 'Throttled';
  if (status >= 500) return 'ServerError';
  return 'Configuration';
}

/**
 * Gets credentials from your own server (e.g. `@web-identity/node`'s `credentialEndpoint()` handler),
 * sending the ID token as a Bearer token. Accepts `{ AccessKeyId, SecretAccessKey, SessionToken | Token, Expiration }`.
 *
 * @example
 * const source = credentialEndpoint({ url: '/aws/credentials' });
 */
export function credentialEndpoint(options: CredentialEndpointOptions): CredentialsSource {
  if (
    !options ||
    (typeof options.url !== 'string' && !(options.url instanceof URL)) ||
    String(options.url) === ''
  ) {
    throw new CredentialsError(
      'Configuration',
      'credentialEndpoint: url is required (e.g. "/aws/credentials").',
    );
  }
  const { url, init } = options;
  return {
    kind: 'credentialEndpoint',
    scope: JSON.stringify(['credentialEndpoint', String(url)]),
    async exchange(idToken, ctx) {
      const headers = new Headers(init?.headers);
      headers.set('authorization', `Bearer ${idToken}`);
      headers.set('accept', 'application/json');
      let res: Response;
      let text: string;
      try {
        res = await (options.fetch ?? fetch)(url, { ...init, headers, signal: ctx.signal });
        text = await res.text();
      } catch (e) {
        if (ctx.signal.aborted) throw abortedError();
        throw networkError('credential endpoint', e);
      }
      const body = jsonObject(text);
      if (!res.ok) {
        const code = codeFor(res.status, body, res.headers.get('www-authenticate') ?? '');
        const detail = scrub(
          body.detail ?? body.error_description ?? body.message ?? body.title ?? `HTTP ${res.status}`,
        );
        throw new CredentialsError(
          code,
          `The credential endpoint refused (${res.status} ${detail}). ${code === 'Throttled' || code === 'ServerError' ? 'The client retries.' : 'Check the endpoint configuration and the token it expects.'}`,
          { cause: { status: res.status, code: body.code } },
        );
      }
      const expiration = parseExpiration(body.Expiration);
      const sessionToken = (body.SessionToken ?? body.Token) as string | undefined;
      if (
        typeof body.AccessKeyId !== 'string' ||
        typeof body.SecretAccessKey !== 'string' ||
        typeof sessionToken !== 'string' ||
        !expiration
      ) {
        throw new CredentialsError(
          'ServerError',
          'The credential endpoint answered without AccessKeyId, SecretAccessKey, SessionToken and Expiration; the client retries.',
        );
      }
      return {
        accessKeyId: body.AccessKeyId,
        secretAccessKey: body.SecretAccessKey,
        sessionToken,
        expiration,
        serverDate: parseDate(res.headers.get('date')),
        identity: {
          subject: typeof body.Subject === 'string' ? body.Subject : ctx.claims.sub,
          assumedRoleArn: typeof body.AssumedRoleArn === 'string' ? body.AssumedRoleArn : undefined,
        },
      };
    },
  };
}
