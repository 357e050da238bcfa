/** The one POST both fetch-based protocols (STS's Query, Cognito's JSON 1.1) send. */
import { networkError } from '../aws/awsError.js';
import { CredentialsError } from '../errors.js';
import type { HttpAnswer } from '../types.js';
import { type CallOptions, linkSignal, parseDate, retryOnceOnReset, throwIfAborted } from './common.js';

export type FetchAnswer = HttpAnswer;

/** One POST to AWS: the service's name (for errors), where, what, the caller's options and the timeout. */
export interface FetchRequest {
  readonly service: string;
  readonly url: string;
  readonly init: RequestInit;
  readonly opts: CallOptions;
  readonly timeoutMs: number;
}

/** POSTs with the caller's signal and a timeout; no answer is a `Network` error, an abort is `Aborted`. */
export async function call(f: typeof fetch, req: FetchRequest): Promise<FetchAnswer> {
  const { service, url, init, opts, timeoutMs } = req;
  throwIfAborted(opts.signal);
  const link = linkSignal(opts.signal, timeoutMs);
  try {
    const res = await retryOnceOnReset(link.signal, () =>
      f(url, { ...init, method: 'POST', signal: link.signal, credentials: 'omit' }),
    );
    const text = await res.text();
    return { status: res.status, text, date: parseDate(res.headers.get('date')), headers: res.headers };
  } catch (e) {
    throwIfAborted(opts.signal);
    if (e instanceof CredentialsError) throw e;
    throw networkError(service, e, link.timedOut());
  } finally {
    link.done();
  }
}
