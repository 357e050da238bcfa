import { describe, expect, it } from 'vitest';
import { isConnectionReset, retryOnceOnReset } from '../src/transport/common.js';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('isConnectionReset', () => {
  it.each([
    ['Node http: socket hang up', withCode('ECONNRESET', 'socket hang up'), true],
    ['Node http: ECONNRESET', withCode('ECONNRESET', 'read ECONNRESET'), true],
    ['Node http: EPIPE', withCode('EPIPE', 'write EPIPE'), true],
    ['hang up without a code', new Error('socket hang up'), true],
    [
      'undici fetch: other side closed',
      new TypeError('fetch failed', { cause: withCode('UND_ERR_SOCKET', 'other side closed') }),
      true,
    ],
    [
      'undici fetch: reset two causes deep',
      new TypeError('fetch failed', { cause: new Error('wrapped', { cause: withCode('ECONNRESET') }) }),
      true,
    ],
    ['browser fetch: no detail', new TypeError('Failed to fetch'), false],
    ['connection refused (nothing listening)', withCode('ECONNREFUSED'), false],
    ['DNS failure', withCode('ENOTFOUND'), false],
    ['abort', Object.assign(new Error('aborted'), { name: 'AbortError' }), false],
    ['not an error', 'ECONNRESET', false],
    ['null', null, false],
  ])('%s → %s', (_name, err, expected) => {
    expect(isConnectionReset(err)).toBe(expected);
  });

  it('stops after a few causes (a cyclic cause chain cannot loop)', () => {
    const a = new Error('a') as Error & { cause?: unknown };
    const b = new Error('b', { cause: a });
    a.cause = b;
    expect(isConnectionReset(a)).toBe(false);
  });
});

describe('retryOnceOnReset', () => {
  const live = () => new AbortController().signal;

  it('sends again once when the first connection was reset', async () => {
    let calls = 0;
    const out = await retryOnceOnReset(live(), async () => {
      calls++;
      if (calls === 1) throw withCode('ECONNRESET', 'socket hang up');
      return 'answer';
    });
    expect(out).toBe('answer');
    expect(calls).toBe(2);
  });

  it('a second reset is the error (no third attempt)', async () => {
    let calls = 0;
    const err = await retryOnceOnReset(live(), async () => {
      calls++;
      throw withCode('ECONNRESET', `reset ${calls}`);
    }).catch((e: Error) => e);
    expect((err as Error).message).toBe('reset 2');
    expect(calls).toBe(2);
  });

  it('any other failure is not sent again', async () => {
    let calls = 0;
    const err = await retryOnceOnReset(live(), async () => {
      calls++;
      throw withCode('ECONNREFUSED');
    }).catch((e: Error) => e);
    expect((err as { code?: string }).code).toBe('ECONNREFUSED');
    expect(calls).toBe(1);
  });

  it('an aborted caller is not sent again', async () => {
    const controller = new AbortController();
    let calls = 0;
    const err = await retryOnceOnReset(controller.signal, async () => {
      calls++;
      controller.abort();
      throw withCode('ECONNRESET');
    }).catch((e: Error) => e);
    expect((err as { code?: string }).code).toBe('ECONNRESET');
    expect(calls).toBe(1);
  });
});
