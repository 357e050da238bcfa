import { invalidRequest } from '../errors.js';
import type { RequestLike, TokenExtractor } from '../types.js';

/**
 * STS refuses web identity tokens longer than this; longer ones are answered `400 invalid_request`.
 *
 * @example
 * if (token.length > MAX_TOKEN_LENGTH) reject();
 */
export const MAX_TOKEN_LENGTH = 20_000;

function header(req: RequestLike, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  if (Array.isArray(value)) {
    if (value.length > 1) throw invalidRequest(`More than one ${name} header.`);
    return value[0];
  }
  return value;
}

function checked(token: string, where: string): string {
  if (token.length > MAX_TOKEN_LENGTH) {
    throw invalidRequest(`The token in ${where} is longer than ${MAX_TOKEN_LENGTH} characters.`);
  }
  return token;
}

/**
 * The token from `Authorization: Bearer <token>` (RFC 6750 §2.1).
 *
 * @example
 * awsCredentials({ token: fromBearer(), ... });
 */
export function fromBearer(): TokenExtractor {
  return {
    kind: 'bearer',
    // The hot path: no regex over the token (a cache hit proves the exact string was checked before).
    candidate(req) {
      const value = req.headers.authorization;
      return typeof value === 'string' && value.startsWith('Bearer ') ? value.slice(7) : null;
    },
    extract(req) {
      const value = header(req, 'authorization');
      if (value === undefined || value === '') return null;
      const match = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(value);
      if (!match) {
        if (!/^Bearer(\s|$)/i.test(value)) return null; // another scheme (Basic, …): not ours
        throw invalidRequest('The Authorization header is not of the form "Bearer <token>".');
      }
      return checked(match[1]!, 'the Authorization header');
    },
  };
}

/**
 * The token from a request header, e.g. `x-id-token` (value is the bare token).
 *
 * @example
 * awsCredentials({ token: fromHeader('x-id-token'), ... });
 */
export function fromHeader(name: string): TokenExtractor {
  const lower = name.toLowerCase();
  return {
    kind: 'header',
    extract(req) {
      const value = header(req, lower)?.trim();
      return value ? checked(value, `the ${name} header`) : null;
    },
  };
}

/**
 * The token from a cookie (httpOnly, set by your sign-in route).
 *
 * @example
 * awsCredentials({ token: fromCookie('id_token'), ... });
 */
export function fromCookie(name: string): TokenExtractor {
  return {
    kind: 'cookie',
    extract(req) {
      const raw = req.headers.cookie;
      const cookies = Array.isArray(raw) ? raw.join('; ') : raw;
      if (!cookies) return null;
      for (const part of cookies.split(';')) {
        const eq = part.indexOf('=');
        if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
        let value = part.slice(eq + 1).trim();
        if (value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
        try {
          value = decodeURIComponent(value);
        } catch {
          throw invalidRequest(`The ${name} cookie is not properly encoded.`);
        }
        return value ? checked(value, `the ${name} cookie`) : null;
      }
      return null;
    },
  };
}

/**
 * The token the first of `extractors` finds, in order: e.g. a bearer header from `fetch` calls and the session
 * cookie from form posts and server actions, with one broker (one cache entry per user) for both.
 *
 * @example
 * createWebBroker({ token: anyOf(fromBearer(), fromCookie('id_token')), ... });
 */
export function anyOf(...extractors: TokenExtractor[]): TokenExtractor {
  if (extractors.length === 0 || extractors.some((e) => e.verify)) {
    throw new TypeError(
      'anyOf() takes one or more extractors that do not verify themselves (not fromAlbOidc).',
    );
  }
  return {
    kind: extractors.map((e) => e.kind).join('|'),
    extract(req) {
      for (const extractor of extractors) {
        const token = extractor.extract(req);
        if (token !== null) return token;
      }
      return null;
    },
  };
}
