import { CredentialsError, type CredentialsErrorCode, ERROR_DOCS } from '../errors.js';
import { DEV } from '../platform/env.js';

/**
 * Removes anything JWT-shaped and caps the length, so an AWS message can be quoted safely. Any value is
 * accepted (a non-text one reads as empty); linear time: runs of token characters are scanned once, and a
 * run holding `eyJ…` and a dot (a JWT, or what is left of one) is cut from the `eyJ` on.
 */
export function scrub(text: unknown): string {
  const s =
    typeof text === 'string' ? text : typeof text === 'number' || typeof text === 'boolean' ? `${text}` : '';
  return s
    .slice(0, 4096)
    .replace(/[\w.-]+/g, (run) => {
      const at = run.indexOf('eyJ');
      return at >= 0 && run.indexOf('.', at) > at ? `${run.slice(0, at)}[token]` : run;
    })
    .slice(0, 300);
}

/** The advice texts, in development only: production bundles drop them (see `adviceFor`). */
const ADVICE: Partial<Record<CredentialsErrorCode, string>> = !DEV
  ? {}
  : {
      Throttled: 'AWS is throttling requests; the client backs off and retries by itself.',
      ServerError: 'AWS answered with a server error; the client backs off and retries by itself.',
      Network:
        'No answer from AWS (offline, DNS, CORS, timeout or reset); the client retries when the network is back.',
      IdpUnreachable:
        "AWS could not reach your identity provider's discovery/JWKS endpoint; the client retries. Check the IdP is reachable from the internet.",
      InvalidIdentityToken:
        "AWS refused the ID token. Check the IAM OIDC provider's issuer URL and client ID (audience) match the token, and that getIdToken() returns the ID token.",
      ExpiredIdentityToken:
        'The ID token has expired. getIdToken({ forceRefresh: true }) must return a fresh one (e.g. signinSilent()); sign the user in again, then call refresh().',
      NotAnIdToken: 'Return the OpenID Connect ID token from getIdToken(), not the access token.',
      AccessDenied:
        "The role's trust policy refused this identity. Check the role ARN and its trust policy conditions (aud, sub, amr) for this user.",
      RegionDisabled:
        'STS is not activated in this region for the account. Activate it in IAM or use another region.',
      Configuration:
        'The request is invalid for AWS. Check the options passed to the source (role ARN, duration, policy, pool id).',
      NoIdentityToken:
        'No user is signed in: getIdToken() returned null. Sign the user in, then call refresh().',
      GuestAccessDisabled:
        'Turn on guest access in the identity pool (console: User access → Guest access; API: AllowUnauthenticatedIdentities) and give it a guest (unauthenticated) role, or remove guest: true.',
      Aborted: 'The request was cancelled by signOut() or dispose().',
    };

/**
 * The plain-words advice for an error code: what it means and what to do (used in messages). In production
 * builds, where bundlers drop the texts, it is the code and the link to where the code is explained.
 *
 * @example
 * if (snapshot.error) showBanner(adviceFor(snapshot.error.code));
 */
export function adviceFor(code: CredentialsErrorCode): string {
  return ADVICE[code] ?? `${code}: see ${ERROR_DOCS}`;
}

function codeFor(awsCode: string, status: number, message: string): CredentialsErrorCode {
  const c = awsCode.replace(/^.*#/, '').replace(/Exception$/, '');
  switch (c) {
    case 'InvalidIdentityToken':
      return 'InvalidIdentityToken';
    case 'ExpiredToken':
      return 'ExpiredIdentityToken';
    case 'IDPRejectedClaim':
    case 'AccessDenied':
    case 'ResourceConflict':
      return 'AccessDenied';
    case 'NotAuthorized':
      // Cognito uses one error for bad tokens, expired tokens and refusals.
      if (/expired/i.test(message)) return 'ExpiredIdentityToken';
      if (/token|issuer|login/i.test(message) && !/unauthenticated/i.test(message))
        return 'InvalidIdentityToken';
      return 'AccessDenied';
    case 'IDPCommunicationError':
    case 'ExternalService':
      return 'IdpUnreachable';
    case 'RegionDisabled':
      return 'RegionDisabled';
    case 'Throttling':
    case 'TooManyRequests':
    case 'RequestLimitExceeded':
    case 'LimitExceeded':
    case 'SlowDown':
      return 'Throttled';
    case 'InternalFailure':
    case 'InternalError':
    case 'ServiceUnavailable':
      return 'ServerError';
    case 'MalformedPolicyDocument':
    case 'PackedPolicyTooLarge':
    case 'ValidationError':
    case 'InvalidParameter':
    case 'InvalidParameterValue':
    case 'InvalidIdentityPoolConfiguration':
    case 'ResourceNotFound':
      return 'Configuration';
  }
  if (status === 429) return 'Throttled';
  if (status >= 500) return 'ServerError';
  if (status === 403) return 'AccessDenied';
  return status === 0 ? 'Network' : 'Configuration';
}

/** How to word and read an AWS error. */
export interface AwsErrorOptions {
  /** Quote AWS's (scrubbed) message in ours. Default true; `false` when it may echo request input. */
  quoteMessage?: boolean;
  /**
   * The call was signed with the caller's own AWS credentials (a server's `AssumeRole`): a token error then
   * concerns those credentials, not the user's ID token, so it maps to `Configuration`, never to an identity
   * error that would ask the user to sign in again.
   */
  signedCall?: boolean;
}

/** What AWS answered with: its error code (from XML/JSON/SDK; `''` when none), the HTTP status and message. */
export interface AwsAnswer {
  readonly code: string;
  readonly status: number;
  readonly message: unknown;
  readonly cause?: unknown;
}

/** Maps an AWS error (code from XML/JSON/SDK, HTTP status) to the library's error. Both transports use it. */
export function awsError(service: string, answer: AwsAnswer, opts: AwsErrorOptions = {}): CredentialsError {
  const { code: awsCode, status, message, cause } = answer;
  const said = scrub(message);
  let code = codeFor(awsCode || '', status, said);
  if (opts.signedCall && (code === 'InvalidIdentityToken' || code === 'ExpiredIdentityToken')) {
    code = 'Configuration';
  }
  const quoted = opts.quoteMessage !== false && said ? `: ${said}` : '';
  const detail = awsCode ? `${awsCode.replace(/^.*#/, '')}${quoted}` : `HTTP ${status}`;
  return new CredentialsError(code, `${adviceFor(code)} (${service} said ${detail})`, { cause });
}

/** The SDK's names for errors it has no model for ("UnknownError", "Error"): not real AWS codes. */
const UNMODELLED =
  /^(Unknown|UnknownError|Error|ServiceException|STSServiceException|CognitoIdentityServiceException)$/;

/**
 * The one mapper from an AWS SDK v3 error (STS, Cognito Identity) to a `CredentialsError`: the same codes as
 * the fetch transport's wire errors (both end in `awsError`). No HTTP status means no answer (`Network`); an
 * `AbortError` is `Aborted`.
 *
 * @example
 * try { await sts.send(command); } catch (err) { throw mapAwsSdkError('STS', err); } // code: 'Throttled', …
 */
export function mapAwsSdkError(
  service: string,
  err: unknown,
  opts: AwsErrorOptions & { timedOut?: boolean } = {},
): CredentialsError {
  if (err instanceof CredentialsError) return err;
  const e = (err ?? {}) as {
    name?: string;
    Code?: string;
    message?: string;
    $metadata?: { httpStatusCode?: number };
    $response?: { statusCode?: number };
  };
  if (opts.timedOut) return networkError(service, err, true);
  if (e.name === 'AbortError') return new CredentialsError('Aborted', adviceFor('Aborted'), { cause: err });
  const status = e.$metadata?.httpStatusCode ?? e.$response?.statusCode;
  if (!status) return networkError(service, err);
  const name = e.Code ?? e.name ?? '';
  return awsError(
    service,
    { code: UNMODELLED.test(name) ? '' : name, status, message: e.message, cause: err },
    opts,
  );
}

/**
 * The AWS error code behind a `CredentialsError` (`ResourceNotFoundException`, `NotAuthorizedException`, …), as
 * either transport recorded it in `cause`; `''` when there is none (no answer, a local check).
 */
export function awsCodeOf(err: unknown): string {
  const cause = (err as { cause?: { code?: unknown; name?: unknown } } | null)?.cause;
  const code = typeof cause?.code === 'string' ? cause.code : cause?.name;
  return typeof code === 'string' ? code.replace(/^.*#/, '') : '';
}

export function networkError(service: string, cause: unknown, timedOut = false): CredentialsError {
  return new CredentialsError(
    'Network',
    `${adviceFor('Network')} (${service}: ${timedOut ? 'timed out' : scrub((cause as Error)?.message ?? cause)})`,
    { cause },
  );
}

export function abortedError(): CredentialsError {
  return new CredentialsError('Aborted', adviceFor('Aborted'));
}
