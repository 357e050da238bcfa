import { inspect } from 'node:util';
import { CredentialsError, cognitoIdentityPool, webIdentity } from '@web-identity/core';
import { describe, expect, it } from 'vitest';
import { fromBearer, fromCookie, fromHeader, MAX_TOKEN_LENGTH } from '../src/auth/extractors.js';
import { memoryCache } from '../src/broker/cache.js';
import { toAwsCredentials, windows } from '../src/broker/credentials.js';
import { rateLimiter } from '../src/broker/rateLimiter.js';
import { HttpCredentialsError } from '../src/errors.js';
import { toHttpProblem } from '../src/http/problems.js';
import type { LogEvent } from '../src/log.js';
import { assumeRole, mapStsError } from '../src/sources/assumeRole.js';
import type { CacheEntry } from '../src/store.js';
import { redact, safeLogger } from '../src/telemetry/logger.js';

const req = (headers: Record<string, string | string[]>) => ({ headers });

describe('extractors', () => {
  it('fromBearer reads the bearer token and ignores other schemes', () => {
    expect(fromBearer().extract(req({ authorization: 'Bearer abc.def.ghi' }))).toBe('abc.def.ghi');
    expect(fromBearer().extract(req({ authorization: 'bearer abc.def.ghi' }))).toBe('abc.def.ghi');
    expect(fromBearer().extract(req({}))).toBeNull();
    expect(fromBearer().extract(req({ authorization: 'Basic dXNlcjpwYXNz' }))).toBeNull();
  });

  it('fromBearer rejects a malformed bearer header with invalid_request', () => {
    const err = (() => {
      try {
        fromBearer().extract(req({ authorization: 'Bearer a b' }));
      } catch (e) {
        return e;
      }
    })() as HttpCredentialsError;
    expect(err).toBeInstanceOf(HttpCredentialsError);
    expect(err.status).toBe(400);
    expect(err.bearerError).toBe('invalid_request');
  });

  it('rejects tokens longer than the STS limit with 400 invalid_request', () => {
    const long = 'a'.repeat(MAX_TOKEN_LENGTH + 1);
    for (const [extractor, headers] of [
      [fromBearer(), { authorization: `Bearer ${long}` }],
      [fromHeader('x-id-token'), { 'x-id-token': long }],
      [fromCookie('id'), { cookie: `id=${long}` }],
    ] as const) {
      expect(() => extractor.extract(req(headers))).toThrow(/longer than 20000/);
    }
  });

  it('fromHeader reads a named header case-insensitively', () => {
    expect(fromHeader('X-Id-Token').extract(req({ 'x-id-token': ' tok ' }))).toBe('tok');
    expect(fromHeader('x-id-token').extract(req({}))).toBeNull();
  });

  it('fromCookie finds the named cookie among others and decodes it', () => {
    const cookie = 'a=1; id_token=abc%2Edef.ghi; b="2"';
    expect(fromCookie('id_token').extract(req({ cookie }))).toBe('abc.def.ghi');
    expect(fromCookie('b').extract(req({ cookie }))).toBe('2');
    expect(fromCookie('missing').extract(req({ cookie }))).toBeNull();
    expect(fromCookie('id_token').extract(req({}))).toBeNull();
    expect(() => fromCookie('x').extract(req({ cookie: 'x=%E0%A4%A' }))).toThrow(/not properly encoded/);
  });
});

describe('toHttpProblem', () => {
  it('no token: 401 with a bare Bearer challenge', () => {
    const p = toHttpProblem(new CredentialsError('NoIdentityToken', 'No token in the request.'));
    expect(p.status).toBe(401);
    expect(p.headers['www-authenticate']).toBe('Bearer realm="aws"');
    expect(p.headers['content-type']).toBe('application/problem+json');
  });

  it('bad token: 401 invalid_token with the description', () => {
    const p = toHttpProblem(new CredentialsError('ExpiredIdentityToken', 'The token has expired.'), {
      realm: 'api',
    });
    expect(p.status).toBe(401);
    expect(p.headers['www-authenticate']).toBe(
      'Bearer realm="api", error="invalid_token", error_description="The token has expired."',
    );
    expect(p.body).toMatchObject({ status: 401, code: 'ExpiredIdentityToken', error: 'invalid_token' });
  });

  it('trust policy refusal: 403 without a challenge', () => {
    const p = toHttpProblem(new CredentialsError('AccessDenied', 'Not authorized'));
    expect(p.status).toBe(403);
    expect(p.headers['www-authenticate']).toBeUndefined();
    expect(p.body.code).toBe('AccessDenied');
  });

  it('retryable upstream failures: 503 with Retry-After', () => {
    for (const code of ['Throttled', 'ServerError', 'Network', 'IdpUnreachable'] as const) {
      const p = toHttpProblem(new CredentialsError(code, 'x'));
      expect(p.status).toBe(503);
      expect(Number(p.headers['retry-after'])).toBeGreaterThan(0);
      expect(p.body.retryable).toBe(true);
    }
  });

  it('unknown errors: 500 without echoing their message', () => {
    const p = toHttpProblem(new Error('secret AKIA stuff'));
    expect(p.status).toBe(500);
    expect(JSON.stringify(p)).not.toContain('secret');
  });

  it('rate limit: 429 with the computed Retry-After', () => {
    const p = toHttpProblem(
      new HttpCredentialsError('Throttled', 'slow down', { status: 429, retryAfterSec: 17 }),
    );
    expect(p.status).toBe(429);
    expect(p.headers['retry-after']).toBe('17');
  });
});

const entry = (n: number, expiresAt = Date.now() + 3_600_000): CacheEntry => ({
  accessKeyId: `ASIA${n}`,
  secretAccessKey: `secret${n}`,
  sessionToken: `token${n}`,
  expiresAt,
  obtainedAt: Date.now(),
  identity: { subject: `u${n}`, provider: 'iss' },
});

describe('memoryCache', () => {
  it('keeps at most maxEntries, evicting the least recently used', () => {
    const cache = memoryCache({ maxEntries: 3 });
    for (const n of [1, 2, 3]) cache.set(`k${n}`, entry(n));
    expect(cache.get('k1')?.accessKeyId).toBe('ASIA1'); // k1 is now most recent
    cache.set('k4', entry(4));
    expect(cache.size).toBe(3);
    expect(cache.get('k2')).toBeUndefined();
    expect(cache.get('k1')).toBeDefined();
    expect(cache.get('k4')).toBeDefined();
  });

  it('drops expired entries on read and validates its bound', () => {
    const cache = memoryCache();
    cache.set('old', entry(1, Date.now() - 1));
    expect(cache.get('old')).toBeUndefined();
    expect(cache.size).toBe(0);
    expect(() => memoryCache({ maxEntries: 0 })).toThrow(RangeError);
  });
});

describe('rateLimiter', () => {
  it('allows limit requests per window per key, then says how long to wait', () => {
    const limiter = rateLimiter({ limit: 2, windowMs: 10_000 });
    expect(limiter.take('a', 0)).toBe(0);
    expect(limiter.take('a', 1)).toBe(0);
    expect(limiter.take('a', 2_000)).toBe(8);
    expect(limiter.take('b', 2_000)).toBe(0);
    expect(limiter.take('a', 10_000)).toBe(0);
  });
});

describe('redaction', () => {
  it('scrubs JWTs, secrets and session tokens and masks key ids', () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlc2lnbmF0dXJl';
    const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY1';
    const out = redact(`token ${jwt} secret ${secret} key ASIAABCDEFGHIJKLWXYZ`);
    expect(out).not.toContain(jwt);
    expect(out).not.toContain(secret);
    expect(out).toContain('ASIA…WXYZ');
  });

  it('safeLogger scrubs every string field and survives a throwing logger', () => {
    const seen: LogEvent[] = [];
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlc2lnbmF0dXJl';
    safeLogger((e) => seen.push(e))({ level: 'info', event: 'x', message: `bad ${jwt}` });
    expect(seen[0]?.message).toBe('bad [redacted token]');
    expect(() =>
      safeLogger(() => {
        throw new Error('boom');
      })({ level: 'info', event: 'x' }),
    ).not.toThrow();
  });
});

describe('credentials', () => {
  it('redact themselves in JSON and inspect but keep enumerable fields for the SDK', () => {
    const creds = toAwsCredentials({
      ...entry(1),
      accessKeyId: 'ASIAABCDEFGHIJKLWXYZ',
      secretAccessKey: 'S3CR3T',
    });
    expect(creds.secretAccessKey).toBe('S3CR3T');
    expect(Object.keys(creds)).toEqual(['accessKeyId', 'secretAccessKey', 'sessionToken', 'expiration']);
    expect(JSON.stringify(creds)).not.toContain('S3CR3T');
    expect(inspect(creds)).not.toContain('S3CR3T');
    expect(JSON.stringify(creds)).toContain('ASIA…WXYZ');
  });

  it('windows shrink for short lifetimes', () => {
    const w = windows({ obtainedAt: 0, expiresAt: 3_600_000 }, 300_000, 60_000);
    expect(w).toEqual({ advisoryAt: 3_300_000, mandatoryAt: 3_540_000 });
    const short = windows({ obtainedAt: 0, expiresAt: 100_000 }, 300_000, 60_000);
    expect(short).toEqual({ advisoryAt: 50_000, mandatoryAt: 75_000 });
  });
});

describe('broker source helpers', () => {
  it('maps SDK errors to codes without their messages', () => {
    const sdk = (name: string, status?: number) =>
      Object.assign(new Error(`${name} with secret input`), {
        name,
        $metadata: status === undefined ? {} : { httpStatusCode: status },
      });
    expect(mapStsError(sdk('Throttling', 400)).code).toBe('Throttled');
    expect(mapStsError(sdk('AccessDenied', 403)).code).toBe('AccessDenied');
    expect(mapStsError(sdk('InternalFailure', 500)).code).toBe('ServerError');
    expect(mapStsError(sdk('TypeError')).code).toBe('Network');
    expect(mapStsError(sdk('MalformedPolicyDocument', 400)).code).toBe('Configuration');
    expect(mapStsError(sdk('Throttling', 400)).message).not.toContain('secret');
    // Signed with the server's credentials: an expired token is the server's, not the user's ID token.
    expect(mapStsError(sdk('ExpiredTokenException', 400)).code).toBe('Configuration');
    expect(mapStsError(sdk('AbortError')).code).toBe('Aborted');
    expect(mapStsError(sdk('RegionDisabledException', 403)).code).toBe('RegionDisabled');
  });
});

describe('one role-ARN and duration validator (core) for every source', () => {
  it('webIdentity, cognitoIdentityPool and broker refuse the same bad input with Configuration', () => {
    const pool = 'eu-west-1:7d1a3f0e-5b1c-4c9a-9a57-0f6e2d4b8c11';
    const good = 'arn:aws:iam::123456789012:role/path/Name';
    for (const roleArn of ['role', 'arn:aws:iam::123:role/x', `${good} `]) {
      for (const make of [
        () => webIdentity({ roleArn }),
        () => assumeRole({ roleArn }),
        () => cognitoIdentityPool({ identityPoolId: pool, customRoleArn: roleArn }),
      ]) {
        expect(make, roleArn).toThrow(expect.objectContaining({ code: 'Configuration' }));
      }
    }
    for (const durationSeconds of [899, 43_201, 1000.5]) {
      expect(() => webIdentity({ roleArn: good, durationSeconds })).toThrow(/900\.\.43200/);
      expect(() => assumeRole({ roleArn: good, durationSeconds })).toThrow(/900\.\.43200/);
    }
    expect(assumeRole({ roleArn: good, durationSeconds: 43_200 }).roleArn).toBe(good);
  });
});

describe('public names', () => {
  it('credentialEndpoint is the server handler here; core’s browser source is credentialEndpointSource', async () => {
    const node = await import('../src/index.js');
    const core = await import('@web-identity/core');
    expect(node.credentialEndpoint).not.toBe(core.credentialEndpoint);
    expect(node.credentialEndpointSource).toBe(core.credentialEndpoint);
    // The handler takes broker options; the source takes a URL and makes a source object.
    expect(node.credentialEndpointSource({ url: 'https://api.example.com/aws/credentials' }).kind).toBe(
      core.credentialEndpoint({ url: 'https://api.example.com/aws/credentials' }).kind,
    );
  });

  it('assumeRole is the AssumeRole source; broker is its deprecated alias', async () => {
    const node = await import('../src/index.js');
    expect(node.broker).toBe(node.assumeRole);
    expect(node.assumeRole({ roleArn: 'arn:aws:iam::123456789012:role/R' }).kind).toBe('assumeRole');
  });
});
