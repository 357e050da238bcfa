import { abortedError, mapAwsSdkError, networkError } from '../aws/awsError.js';
import { CredentialsError } from '../errors.js';
import type { ExchangeResult, Transport } from '../types.js';
import { type CallOptions, linkSignal, parseDate, retryOnceOnReset, throwIfAborted } from './common.js';

/** Options of `sdkTransport`: endpoints, timeouts and extra AWS SDK client config. */
export interface SdkTransportOptions {
  /** Per-request timeout; a timeout counts as a `Network` failure. Default 10 s. */
  timeoutMs?: number;
  /** Extra client configuration (e.g. `requestHandler`), merged into every SDK client this transport creates. */
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

/** The credentials of an SDK answer; a missing field is a retryable `ServerError`. */
function credentialsFrom(service: string, c: Record<string, unknown> | undefined) {
  const out = {
    accessKeyId: c?.AccessKeyId as string | undefined,
    secretAccessKey: (c?.SecretAccessKey ?? c?.SecretKey) as string | undefined,
    sessionToken: c?.SessionToken as string | undefined,
    expiration: c?.Expiration instanceof Date ? c.Expiration : undefined,
  };
  for (const [k, v] of Object.entries(out)) {
    if (!v)
      throw new CredentialsError('ServerError', `${service} answered without ${k}; the client retries.`);
  }
  return out as Pick<ExchangeResult, 'accessKeyId' | 'secretAccessKey' | 'sessionToken' | 'expiration'>;
}

/** Lazily created SDK clients (one per service, region and endpoint) and one call with timeout and mapping. */
function sdkSender(options: SdkTransportOptions) {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const clients = new Map<string, Promise<{ client: SdkClient; mod: Record<string, unknown> }>>();

  function getClient(kind: 'sts' | 'cognito', opts: CallOptions) {
    const key = `${kind} ${opts.region} ${opts.endpoint ?? ''}`;
    let entry = clients.get(key);
    if (!entry) {
      entry = (
        kind === 'sts'
          ? import('@aws-sdk/client-sts').then((m) => ({
              mod: m as Record<string, unknown>,
              Ctor: m.STSClient,
            }))
          : import('@aws-sdk/client-cognito-identity').then((m) => ({
              mod: m as Record<string, unknown>,
              Ctor: m.CognitoIdentityClient,
            }))
      ).then(({ mod, Ctor }) => ({
        mod,
        client: new (Ctor as unknown as new (c: Record<string, unknown>) => SdkClient)({
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
  }

  async function send(
    kind: 'sts' | 'cognito',
    commandName: string,
    input: Record<string, unknown>,
    opts: CallOptions,
  ): Promise<{ output: Record<string, unknown>; date?: Date }> {
    const service = kind === 'sts' ? 'STS' : 'Cognito Identity';
    throwIfAborted(opts.signal);
    let entry: Awaited<ReturnType<typeof getClient>>;
    try {
      entry = await getClient(kind, opts);
    } catch (e) {
      throw networkError(service, e);
    }
    throwIfAborted(opts.signal);
    const Command = entry.mod[commandName] as new (i: unknown) => SdkCommand;
    let date: Date | undefined;
    const link = linkSignal(opts.signal, timeoutMs);
    const attempt = () => {
      const command = new Command(input);
      command.middlewareStack.add(
        (next: (a: unknown) => Promise<{ response?: { headers?: Record<string, string> } }>) =>
          async (args: unknown) => {
            const out = await next(args);
            date = parseDate(out.response?.headers?.date);
            return out;
          },
        { step: 'deserialize', name: 'webIdentityServerDate', priority: 'low' },
      );
      return entry.client.send(command, { abortSignal: link.signal });
    };
    try {
      const output = await retryOnceOnReset(link.signal, attempt);
      return { output, date };
    } catch (e) {
      if (opts.signal.aborted) throw abortedError();
      throw mapAwsSdkError(service, e, { timedOut: link.timedOut() });
    } finally {
      link.done();
    }
  }
  return send;
}

/**
 * The default transport: AWS SDK v3 clients (`@aws-sdk/client-sts`, `@aws-sdk/client-cognito-identity`),
 * loaded with dynamic `import()` on the first exchange, so an app's first chunk carries no SDK code.
 * SDK retries are off: the client's scheduler owns retries and backoff.
 *
 * @example
 * const client = createCredentialsClient({ region, source, getIdToken, transport: sdkTransport({ timeoutMs: 5000 }) });
 */
export function sdkTransport(options: SdkTransportOptions = {}): Transport {
  const send = sdkSender(options);

  return {
    name: 'sdk',
    timeoutMs: options.timeoutMs ?? 10_000,
    async assumeRoleWithWebIdentity(input, opts) {
      const { output, date } = await send(
        'sts',
        'AssumeRoleWithWebIdentityCommand',
        {
          RoleArn: input.roleArn,
          RoleSessionName: input.roleSessionName,
          WebIdentityToken: input.webIdentityToken,
          DurationSeconds: input.durationSeconds,
          Policy: input.policy,
          PolicyArns: input.policyArns?.map((arn) => ({ arn })),
          ProviderId: input.providerId,
        },
        opts,
      );
      const user = output.AssumedRoleUser as { Arn?: string } | undefined;
      return {
        ...credentialsFrom('STS', output.Credentials as Record<string, unknown>),
        serverDate: date,
        durationSeconds: input.durationSeconds ?? 3600,
        identity: {
          subject: output.SubjectFromWebIdentityToken as string | undefined,
          provider: output.Provider as string | undefined,
          audience: output.Audience as string | undefined,
          assumedRoleArn: user?.Arn,
        },
      };
    },
    async cognitoGetId(input, opts) {
      const { output, date } = await send(
        'cognito',
        'GetIdCommand',
        { IdentityPoolId: input.identityPoolId, Logins: input.logins, AccountId: input.accountId },
        opts,
      );
      if (!output.IdentityId)
        throw new CredentialsError(
          'ServerError',
          'Cognito Identity answered without IdentityId; the client retries.',
        );
      return { identityId: String(output.IdentityId), serverDate: date };
    },
    async cognitoGetOpenIdToken(input, opts) {
      const { output, date } = await send(
        'cognito',
        'GetOpenIdTokenCommand',
        { IdentityId: input.identityId, Logins: input.logins },
        opts,
      );
      if (!output.Token)
        throw new CredentialsError(
          'ServerError',
          'Cognito Identity answered without Token; the client retries.',
        );
      return {
        identityId: String(output.IdentityId ?? input.identityId),
        token: String(output.Token),
        serverDate: date,
      };
    },
    async cognitoGetCredentialsForIdentity(input, opts) {
      const { output, date } = await send(
        'cognito',
        'GetCredentialsForIdentityCommand',
        { IdentityId: input.identityId, Logins: input.logins, CustomRoleArn: input.customRoleArn },
        opts,
      );
      return {
        ...credentialsFrom('Cognito Identity', output.Credentials as Record<string, unknown>),
        serverDate: date,
        identity: { identityId: String(output.IdentityId ?? input.identityId) },
      };
    },
  };
}
