/** Services of the local AWS, as named in SigV4 scopes and in `calls()`. */
export type LocalService = 'sts' | 'cognito-identity' | 's3' | 'execute-api';

/** Which requests a fault applies to. */
export interface FaultScope {
  /** Default: the credential services, `['sts', 'cognito-identity']`. */
  services?: LocalService[] | 'all';
  /** Only these actions (e.g. `AssumeRoleWithWebIdentity`, `PutObject`). */
  actions?: string[];
}

interface CountedFault {
  kind: 'throttle' | 'fail' | 'drop' | 'error';
  remaining: number;
  status?: number;
  code?: string;
  message?: string;
  scope: FaultScope;
}

/** What the server should do with one request. */
export type FaultDecision =
  | { kind: 'throttle' }
  | { kind: 'fail'; status: number }
  | { kind: 'drop' }
  | { kind: 'error'; code: string; status: number; message: string };

/**
 * Faults on demand for the local AWS. Counted faults (`throttle`, `fail`, `drop`, `error`) hit the next
 * `n` matching requests, in the order they were added; `latency`, `skewClock`, `idpDown` and
 * `shortCredentials` stay until changed or `reset()`.
 *
 * @example
 * aws.faults.throttle(2);            // the next 2 STS/Cognito calls answer Throttling
 * aws.faults.drop(1, { services: ['s3'] }); // the next S3 call gets a connection reset
 */
export class Faults {
  #counted: CountedFault[] = [];

  #add(fault: CountedFault): this {
    if (!Number.isInteger(fault.remaining) || fault.remaining < 1) return this;
    this.#counted.push(fault);
    return this;
  }
  #latencyMs = 0;
  #skewSeconds = 0;
  #idpDown = false;
  #lifetime: number | null = null;

  /** The next `n` matching calls are throttled (STS `Throttling`, Cognito `TooManyRequestsException`, S3 `SlowDown`). */
  throttle(n = 1, scope: FaultScope = {}): this {
    return this.#add({ kind: 'throttle', remaining: n, scope });
  }

  /** The next `n` matching calls fail with HTTP `status` (5xx: `InternalFailure`/`ServiceUnavailable`). */
  fail(status = 500, n = 1, scope: FaultScope = {}): this {
    if (!Number.isInteger(status) || status < 400 || status > 599)
      throw new RangeError('fail(status): status must be 400..599');
    return this.#add({ kind: 'fail', remaining: n, status, scope });
  }

  /** The next `n` matching calls answer a given AWS error code (e.g. `IDPRejectedClaim`, `RegionDisabledException`). */
  error(code: string, n = 1, options: FaultScope & { status?: number; message?: string } = {}): this {
    const status = options.status ?? KNOWN_STATUS[code] ?? 400;
    return this.#add({
      kind: 'error',
      remaining: n,
      code,
      status,
      message: options.message ?? KNOWN_MESSAGE[code] ?? `Injected ${code}`,
      scope: options,
    });
  }

  /** The next `n` matching calls get their connection reset without an answer. */
  drop(n = 1, scope: FaultScope = {}): this {
    return this.#add({ kind: 'drop', remaining: n, scope });
  }

  /** Delay every answer by `ms` (0 turns it off). */
  latency(ms: number): this {
    this.#latencyMs = Math.max(0, ms);
    return this;
  }

  /** Shift the kit's clock by `seconds` (Date header, Expiration, token `exp` checks, SigV4 time checks). */
  skewClock(seconds: number): this {
    this.#skewSeconds = seconds;
    return this;
  }

  /** STS and Cognito can no longer reach the IdPs (`IDPCommunicationError` / `ExternalServiceException`). */
  idpDown(): this {
    this.#idpDown = true;
    return this;
  }

  /** The IdPs are reachable again. */
  idpUp(): this {
    this.#idpDown = false;
    return this;
  }

  /** Issue credentials that live `seconds` (below AWS's 900 s minimum, for refresh tests); null restores. */
  shortCredentials(seconds: number | null): this {
    this.#lifetime = seconds;
    return this;
  }

  /** Clears every fault. */
  reset(): this {
    this.#counted = [];
    this.#latencyMs = 0;
    this.#skewSeconds = 0;
    this.#idpDown = false;
    this.#lifetime = null;
    return this;
  }

  get latencyMs(): number {
    return this.#latencyMs;
  }
  get skewSeconds(): number {
    return this.#skewSeconds;
  }
  get isIdpDown(): boolean {
    return this.#idpDown;
  }
  get credentialLifetimeSeconds(): number | null {
    return this.#lifetime;
  }

  /** The kit's clock (real time + skew). */
  now(): Date {
    return new Date(Date.now() + this.#skewSeconds * 1000);
  }

  /** @internal Takes the first counted fault matching this request, if any. */
  take(service: LocalService, action: string): FaultDecision | null {
    const index = this.#counted.findIndex((f) => matches(f.scope, service, action));
    if (index < 0) return null;
    const fault = this.#counted[index]!;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.#counted.splice(index, 1);
    switch (fault.kind) {
      case 'throttle':
        return { kind: 'throttle' };
      case 'drop':
        return { kind: 'drop' };
      case 'fail':
        return { kind: 'fail', status: fault.status ?? 500 };
      case 'error':
        return { kind: 'error', code: fault.code!, status: fault.status!, message: fault.message! };
    }
  }
}

function matches(scope: FaultScope, service: LocalService, action: string): boolean {
  const services = scope.services ?? ['sts', 'cognito-identity'];
  if (services !== 'all' && !services.includes(service)) return false;
  return !scope.actions || scope.actions.includes(action);
}

const KNOWN_STATUS: Record<string, number> = {
  IDPRejectedClaim: 403,
  RegionDisabledException: 403,
  AccessDenied: 403,
  ExpiredTokenException: 400,
  IDPCommunicationError: 400,
  InvalidIdentityToken: 400,
  NotAuthorizedException: 400,
  ResourceNotFoundException: 400,
  InternalErrorException: 500,
  ServiceUnavailable: 503,
};

const KNOWN_MESSAGE: Record<string, string> = {
  IDPRejectedClaim: 'Identity provider rejected the claim.',
  RegionDisabledException:
    'STS is not activated in this region for account:123456789012. Your account administrator can activate STS in this region using the IAM Console.',
};
