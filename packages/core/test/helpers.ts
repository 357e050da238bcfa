import { CredentialsError } from '../src/errors.js';
import type { ExchangeResult, Transport, TransportCalls } from '../src/types.js';

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

/** An unsigned JWT with ID-token claims (core never verifies signatures; AWS does). */
export function jwt(
  claims: Record<string, unknown> = {},
  header: Record<string, unknown> = { alg: 'RS256' },
): string {
  const now = Math.floor(Date.now() / 1000);
  return `${b64(header)}.${b64({ iss: 'https://idp.test', sub: 'alice', aud: 'web-identity-demo', iat: now, exp: now + 3600, ...claims })}.c2ln`;
}

export const ROLE = 'arn:aws:iam::123456789012:role/PhotoUploader';

let n = 0;
/** Distinct, searchable secrets per exchange. */
export function freshResult(lifetimeMs = 3_600_000, serverNow = Date.now()): ExchangeResult {
  n++;
  return {
    accessKeyId: `ASIAFAKE${String(n).padStart(8, '0')}`,
    secretAccessKey: `secret-${n}-${Math.random().toString(36).slice(2)}`,
    sessionToken: `session-${n}-${Math.random().toString(36).slice(2)}`,
    expiration: new Date(serverNow + lifetimeMs),
    serverDate: new Date(serverNow),
    durationSeconds: Math.round(lifetimeMs / 1000),
    identity: { subject: 'alice', assumedRoleArn: `${ROLE}/alice` },
  };
}

interface Pending {
  input: Parameters<TransportCalls['assumeRoleWithWebIdentity']>[0];
  signal: AbortSignal;
  resolve(r: ExchangeResult): void;
  reject(e: unknown): void;
}

/** A transport whose STS calls wait until the test settles them. */
export function fakeTransport() {
  const pending: Pending[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let calls = 0;
  const transport: Transport = {
    name: 'fake',
    assumeRoleWithWebIdentity(input, opts) {
      calls++;
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      return new Promise<ExchangeResult>((resolve, reject) => {
        const done = () => {
          inFlight--;
        };
        const p: Pending = {
          input,
          signal: opts.signal,
          resolve: (r) => {
            done();
            resolve(r);
          },
          reject: (e) => {
            done();
            reject(e);
          },
        };
        opts.signal.addEventListener('abort', () => p.reject(new CredentialsError('Aborted', 'aborted')));
        pending.push(p);
      });
    },
    cognitoGetId: () => Promise.reject(new Error('not used')),
    cognitoGetCredentialsForIdentity: () => Promise.reject(new Error('not used')),
    cognitoGetOpenIdToken: () => Promise.reject(new Error('not used')),
  };
  return {
    transport,
    pending,
    get calls() {
      return calls;
    },
    get inFlight() {
      return inFlight;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    /** Settles the oldest pending call. */
    next(): Pending {
      const p = pending.shift();
      if (!p) throw new Error('no STS call pending');
      return p;
    },
  };
}
