import { abortedError, mapAwsSdkError, networkError } from '../aws/awsError.js';
import { configError } from '../aws/validate.js';
import { DEV } from '../platform/env.js';
import type { AwsCall, AwsService, Transport } from '../types.js';
import { deepField } from './call.js';
import { type CallOptions, linkSignal, parseDate, retryOnceOnReset, throwIfAborted } from './common.js';

/** Options of `sdkTransport`: endpoints, timeouts and extra AWS SDK client config. */
export interface SdkTransportOptions {
  /** Per-request timeout; a timeout counts as a `Network` failure. Default 10 s. */
  timeoutMs?: number;
  /**
   * Extra client configuration (e.g. `requestHandler`, or `credentials` for a signed call), merged into every
   * SDK client this transport creates.
   */
  clientConfig?: Record<string, unknown>;
}

interface SdkClient {
  send(command: unknown, options: { abortSignal: AbortSignal }): Promise<Record<string, unknown>>;
}
interface SdkCommand {
  middlewareStack: {
    add(mw: unknown, opts: { step: string; name: string; priority: string }): void;
  };
}

/** The SDK clients of the services the built-in sources call, loaded with dynamic `import()` on first use. */
const KNOWN: Record<string, AwsService['sdk']> = {
  sts: { load: () => import('@aws-sdk/client-sts'), client: 'STSClient' },
  'cognito-identity': {
    load: () => import('@aws-sdk/client-cognito-identity'),
    client: 'CognitoIdentityClient',
  },
};

type Loaded = { client: SdkClient; mod: Record<string, unknown> };

/** Lazily created SDK clients (one per service, region and endpoint). */
function sdkClients(options: SdkTransportOptions) {
  const clients = new Map<string, Promise<Loaded>>();
  return (service: AwsService, opts: CallOptions): Promise<Loaded> => {
    const key = `${service.prefix} ${opts.region} ${opts.endpoint ?? ''}`;
    let entry = clients.get(key);
    if (!entry) {
      const sdk = service.sdk ?? KNOWN[service.prefix];
      if (!sdk)
        return Promise.reject(
          configError(DEV ? `sdkTransport() has no SDK client for ${service.name}.` : ''),
        );
      entry = sdk.load().then((mod) => ({
        mod,
        client: new (mod[sdk.client] as new (c: Record<string, unknown>) => SdkClient)({
          region: opts.region,
          ...(opts.endpoint ? { endpoint: opts.endpoint } : {}),
          maxAttempts: 1,
          ...options.clientConfig,
        }),
      }));
      entry.catch(() => clients.delete(key));
      clients.set(key, entry);
    }
    return entry;
  };
}

/** A command whose answer's `Date` header is kept (the server's clock, for skew correction). */
function commandWithDate(Command: new (i: unknown) => SdkCommand, params: unknown, seen: (d?: Date) => void) {
  const command = new Command(params);
  command.middlewareStack.add(
    (next: (a: unknown) => Promise<{ response?: { headers?: Record<string, string> } }>) =>
      async (args: unknown) => {
        const out = await next(args);
        seen(parseDate(out.response?.headers?.date));
        return out;
      },
    { step: 'deserialize', name: 'webIdentityServerDate', priority: 'low' },
  );
  return command;
}

/**
 * The shared SDK layer: sends any `AwsCall` as `<Action>Command` of its service's AWS SDK v3 client, with the
 * transport's timeout, one retry of a reset connection and AWS's errors mapped. SDK retries are off
 * (`maxAttempts: 1`) unless `clientConfig` says otherwise: the client's scheduler owns retries and backoff.
 *
 * @example
 * const sts = sdkSender({ clientConfig: { credentials: serverCredentials, maxAttempts: 2 } });
 * const out = await callAws(sts, ASSUME_ROLE, input, { region, signal });
 */
export function sdkSender(options: SdkTransportOptions = {}): Transport & Required<Pick<Transport, 'send'>> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const clientFor = sdkClients(options);
  async function send<I, O>(c: AwsCall<I, O>, input: I, opts: CallOptions): Promise<O> {
    throwIfAborted(opts.signal);
    let entry: Loaded;
    try {
      entry = await clientFor(c.service, opts);
    } catch (e) {
      if ((e as { code?: string }).code === 'Configuration') throw e;
      throw networkError(c.service.name, e);
    }
    throwIfAborted(opts.signal);
    const Command = entry.mod[`${c.action}Command`] as new (i: unknown) => SdkCommand;
    let date: Date | undefined;
    const link = linkSignal(opts.signal, timeoutMs);
    const attempt = () =>
      entry.client.send(
        commandWithDate(Command, c.params(input), (d) => {
          date = d;
        }),
        { abortSignal: link.signal },
      );
    let output: Record<string, unknown>;
    try {
      output = await retryOnceOnReset(link.signal, attempt);
    } catch (e) {
      if (opts.signal.aborted) throw abortedError();
      throw mapAwsSdkError(c.service.name, e, {
        timedOut: link.timedOut(),
        ...(c.signed ? { quoteMessage: false, signedCall: true } : {}),
      });
    } finally {
      link.done();
    }
    return c.result({ field: (name) => deepField(output, name), date }, input);
  }
  return { name: 'sdk', timeoutMs, send };
}
