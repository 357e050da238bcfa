/**
 * Events over real HTTP against the local kit: the sequence a full session produces, and no secret, token or
 * subject in any of them.
 */
import { DEFAULT_ROLE_ARN } from '@web-identity/testing';
import { describe, expect, it } from 'vitest';
import {
  type CredentialsEvent,
  createCredentialsClient,
  fetchTransport,
  sdkTransport,
  type Transport,
  webIdentity,
} from '../src/index.js';
import { useLocalKit } from './kit.js';

const kit = useLocalKit();

describe.each([
  ['fetch', () => fetchTransport()],
  ['sdk', () => sdkTransport()],
] as [string, () => Transport][])('events (%s transport)', (name, transport) => {
  it('a session: exchange, planned refresh, a failure with its retry, a refresh, sign-out; nothing secret', async () => {
    const events: CredentialsEvent[] = [];
    const later: CredentialsEvent[] = [];
    const tokens: string[] = [];
    const subject = `events-${name}-user`;
    const client = createCredentialsClient({
      region: kit.aws.region,
      source: webIdentity({ roleArn: DEFAULT_ROLE_ARN, endpoint: kit.aws.endpoint }),
      getIdToken: async () => {
        const t = await kit.idp.issueIdToken({ sub: subject });
        tokens.push(t);
        return t;
      },
      transport: transport(),
      broadcastChannel: false,
      onEvent: (e) => events.push(e),
    });
    try {
      const first = await client.getCredentials();
      const firstExpiry = first.expiration!.getTime(); // read now: sign-out makes handed-out keys read as expired
      const stop = client.subscribeEvents((e) => later.push(e));
      kit.aws.faults.throttle(1);
      await expect(client.refresh()).rejects.toMatchObject({ code: 'Throttled' });
      stop();
      const second = await client.refresh();
      client.signOut();

      expect(events.map((e) => e.type)).toEqual([
        'exchange-start',
        'exchange-success',
        'refresh-scheduled',
        'exchange-start',
        'exchange-failure',
        'refresh-scheduled',
        'exchange-start',
        'exchange-success',
        'refresh-scheduled',
        'signed-out',
      ]);
      expect(later.map((e) => e.type)).toEqual(['exchange-start', 'exchange-failure', 'refresh-scheduled']);
      const success = events[1] as Extract<CredentialsEvent, { type: 'exchange-success' }>;
      expect(success).toMatchObject({ source: 'webIdentity', transport: name, origin: 'exchange' });
      // 3600 s granted, measured from when the answer arrived (the Date header has whole seconds).
      expect(success.lifetimeSeconds).toBeGreaterThanOrEqual(3595);
      expect(success.lifetimeSeconds).toBeLessThanOrEqual(3600);
      expect(success.durationMs).toBeGreaterThanOrEqual(0);
      const failure = events[4] as Extract<CredentialsEvent, { type: 'exchange-failure' }>;
      expect(failure).toMatchObject({ code: 'Throttled', retryable: true, attempt: 1 });
      expect(events[5]).toEqual({ type: 'refresh-scheduled', at: failure.retryAt, reason: 'retry' });
      const planned = events[2] as Extract<CredentialsEvent, { type: 'refresh-scheduled' }>;
      expect(planned.reason).toBe('refresh');
      expect(planned.at.getTime()).toBeLessThan(firstExpiry);
      expect(events.at(-1)).toEqual({ type: 'signed-out', reason: 'sign-out' });

      const text = JSON.stringify(events);
      for (const c of [first, second]) {
        for (const secret of [c.accessKeyId, c.secretAccessKey, c.sessionToken!])
          expect(text).not.toContain(secret);
      }
      for (const t of tokens) expect(text).not.toContain(t);
      expect(text).not.toContain(subject);
    } finally {
      client.dispose();
    }
  });
});
