import fc from 'fast-check';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import {
  CredentialsError,
  type CredentialsErrorCode,
  createCredentialsClient,
  webIdentity,
} from '../src/index.js';
import { fakeTransport, freshResult, jwt, ROLE } from './helpers.js';

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2026-01-01T00:00:00Z'));
});
afterEach(() => {
  vi.useRealTimers();
});

const MIN = 60_000;
const codes: CredentialsErrorCode[] = [
  'Throttled',
  'ServerError',
  'Network',
  'IdpUnreachable',
  'InvalidIdentityToken',
  'ExpiredIdentityToken',
  'AccessDenied',
];

const op = fc.oneof(
  fc.record({ t: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 20 * MIN }) }),
  fc.record({ t: fc.constant('jump' as const), ms: fc.integer({ min: 0, max: 180 * MIN }) }),
  fc.record({ t: fc.constant('get' as const) }),
  fc.record({ t: fc.constant('refresh' as const) }),
  fc.record({ t: fc.constant('provider' as const) }),
  fc.record({ t: fc.constant('signOut' as const) }),
  fc.record({
    t: fc.constant('succeed' as const),
    lifetime: fc.integer({ min: 1, max: 120 * MIN }),
    skew: fc.integer({ min: -15 * MIN, max: 15 * MIN }),
    date: fc.boolean(),
  }),
  fc.record({ t: fc.constant('fail' as const), code: fc.constantFrom(...codes) }),
);

it('never returns expired credentials, never has two exchanges in flight, does nothing after signOut', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 60 }), async (ops) => {
      vi.setSystemTime(new Date('2026-01-01T00:00:00Z'));
      const fake = fakeTransport();
      let signedOut = false;
      const violations: string[] = [];
      const transport = {
        ...fake.transport,
        assumeRoleWithWebIdentity: (...a: Parameters<typeof fake.transport.assumeRoleWithWebIdentity>) => {
          if (signedOut) violations.push('STS call after signOut');
          return fake.transport.assumeRoleWithWebIdentity(...a);
        },
      };
      const client = createCredentialsClient({
        region: 'eu-west-1',
        source: webIdentity({ roleArn: ROLE }),
        getIdToken: () => jwt(),
        transport,
      });
      const check = (c: { expiration?: Date }) => {
        if (!c.expiration || c.expiration.getTime() <= Date.now())
          violations.push('expired credentials returned');
      };
      const call = (p: Promise<{ expiration?: Date }>) => {
        p.then(check, (e) => {
          if (!(e instanceof CredentialsError)) violations.push(`non-CredentialsError ${e}`);
        });
      };
      for (const o of ops) {
        switch (o.t) {
          case 'advance':
            await vi.advanceTimersByTimeAsync(o.ms);
            break;
          case 'jump':
            vi.setSystemTime(Date.now() + o.ms);
            break;
          case 'get':
            signedOut = false;
            call(client.getCredentials());
            break;
          case 'refresh':
            signedOut = false;
            call(client.refresh());
            break;
          case 'provider':
            signedOut = false;
            call(client.provider());
            break;
          case 'signOut':
            client.signOut();
            signedOut = true;
            break;
          case 'succeed': {
            const p = fake.pending.shift();
            if (p) {
              const server = Date.now() + o.skew;
              const r = freshResult(o.lifetime, server);
              p.resolve(
                o.date ? r : { ...r, serverDate: undefined, durationSeconds: Math.ceil(o.lifetime / 1000) },
              );
            }
            break;
          }
          case 'fail':
            fake.pending.shift()?.reject(new CredentialsError(o.code, `fake ${o.code}`));
            break;
        }
        await vi.advanceTimersByTimeAsync(0);
        const snap = client.getSnapshot();
        if (fake.inFlight > 1) violations.push('two exchanges in flight');
        if (snap.credentials && snap.credentials.expiration.getTime() <= Date.now()) {
          violations.push('expired credentials in snapshot');
        }
        if (signedOut && (snap.status !== 'signed-out' || snap.credentials))
          violations.push('state after signOut');
      }
      client.dispose();
      expect(violations).toEqual([]);
    }),
    { numRuns: 150 },
  );
});
