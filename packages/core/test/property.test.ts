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
/**
 * What the client may trust beyond a credential's real life: the Date header's one-second resolution (and the
 * granted duration rounded up to whole seconds), plus the noise band below which the two clocks count as in
 * step (a wall clock set back by less than a second goes unnoticed).
 */
const SLACK_MS = 2000;
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
  // Sleep: the wall clock jumps ahead, the monotonic clock stands still (performance.now() pauses in some browsers).
  fc.record({ t: fc.constant('jump' as const), ms: fc.integer({ min: 0, max: 180 * MIN }) }),
  // The device clock is set back (NTP correction, the user): the monotonic clock does not move.
  {
    arbitrary: fc.record({ t: fc.constant('setBack' as const), ms: fc.integer({ min: 0, max: 30 * MIN }) }),
    weight: 2,
  },
  fc.record({ t: fc.constant('get' as const) }),
  fc.record({ t: fc.constant('refresh' as const) }),
  fc.record({ t: fc.constant('provider' as const) }),
  fc.record({ t: fc.constant('signOut' as const) }),
  fc.record({
    t: fc.constant('succeed' as const),
    // Half of them short, so a run of advances often outlives the keys.
    lifetime: fc.oneof(fc.integer({ min: 1, max: 10 * MIN }), fc.integer({ min: 1, max: 120 * MIN })),
    skew: fc.integer({ min: -15 * MIN, max: 15 * MIN }),
    date: fc.boolean(),
  }),
  fc.record({ t: fc.constant('fail' as const), code: fc.constantFrom(...codes) }),
);

it('never returns expired credentials (by either clock), never has two exchanges in flight, does nothing after signOut', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 60 }), async (ops) => {
      vi.setSystemTime(new Date('2026-01-01T00:00:00Z'));
      const fake = fakeTransport();
      let signedOut = false;
      const violations: string[] = [];
      // Each key's real life, as AWS granted it, from when it arrived on both clocks: valid only while both agree.
      const issued = new Map<string, { mono: number; wall: number; life: number }>();
      const alive = (c: { accessKeyId: string }) => {
        const k = issued.get(c.accessKeyId);
        if (!k) return false;
        const limit = k.life + SLACK_MS;
        return performance.now() - k.mono < limit && Date.now() - k.wall < limit;
      };
      const transport = {
        ...fake.transport,
        assumeRoleWithWebIdentity: (
          ...a: Parameters<NonNullable<typeof fake.transport.assumeRoleWithWebIdentity>>
        ) => {
          if (signedOut) violations.push('STS call after signOut');
          return fake.transport.assumeRoleWithWebIdentity!(...a);
        },
      };
      const client = createCredentialsClient({
        region: 'eu-west-1',
        source: webIdentity({ roleArn: ROLE }),
        getIdToken: () => jwt(),
        transport,
      });
      const check = (c: { accessKeyId: string; expiration?: Date }) => {
        if (!c.expiration || c.expiration.getTime() <= Date.now())
          violations.push('expired credentials returned');
        if (!alive(c)) violations.push('credentials returned past their real expiry');
      };
      const call = (p: Promise<{ accessKeyId: string; expiration?: Date }>) => {
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
          case 'setBack':
            vi.setSystemTime(Date.now() - o.ms);
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
              issued.set(r.accessKeyId, { mono: performance.now(), wall: Date.now(), life: o.lifetime });
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
        if (snap.credentials && !alive(snap.credentials)) {
          violations.push('credentials in snapshot past their real expiry');
        }
        if (signedOut && (snap.status !== 'signed-out' || snap.credentials))
          violations.push('state after signOut');
      }
      client.dispose();
      expect(violations).toEqual([]);
    }),
    {
      numRuns: 300,
      examples: [
        // The soak's finding: the clock set back 15 min after an exchange, the refresh never answering.
        [
          [
            { t: 'get' },
            { t: 'succeed', lifetime: 60 * MIN, skew: 0, date: true },
            { t: 'setBack', ms: 15 * MIN },
            { t: 'advance', ms: 20 * MIN },
            { t: 'advance', ms: 20 * MIN },
            { t: 'advance', ms: 21 * MIN },
            { t: 'get' },
          ],
        ],
        // Set back while the exchange is in flight, no Date header: the grant counts from the request.
        [
          [
            { t: 'refresh' },
            { t: 'setBack', ms: 1002 },
            { t: 'succeed', lifetime: 225_001, skew: -225_001, date: false },
            { t: 'advance', ms: 227_001 },
            { t: 'get' },
          ],
        ],
      ],
    },
  );
});
