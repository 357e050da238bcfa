import { describe, expect, it } from 'vitest';
import { awsError } from '../src/aws/awsError.js';
import { mapAwsSdkError } from '../src/index.js';

const sdkError = (name: string, status: number | undefined, message = 'x') =>
  Object.assign(new Error(message), {
    name,
    $metadata: status === undefined ? {} : { httpStatusCode: status },
  });

describe('one AWS error mapper: SDK and wire shapes agree', () => {
  it.each([
    ['InvalidIdentityTokenException', 400, 'x', 'InvalidIdentityToken'],
    ['ExpiredTokenException', 400, 'x', 'ExpiredIdentityToken'],
    ['IDPRejectedClaimException', 403, 'x', 'AccessDenied'],
    ['NotAuthorizedException', 400, 'Invalid login token. Token expired: 1 >= 0', 'ExpiredIdentityToken'],
    ['NotAuthorizedException', 400, 'Invalid login token. Issuer doesn’t match', 'InvalidIdentityToken'],
    ['ThrottlingException', 400, 'x', 'Throttled'],
    ['TooManyRequestsException', 429, 'x', 'Throttled'],
    ['InternalFailure', 500, 'x', 'ServerError'],
    ['IDPCommunicationErrorException', 400, 'x', 'IdpUnreachable'],
    ['RegionDisabledException', 403, 'x', 'RegionDisabled'],
    ['MalformedPolicyDocumentException', 400, 'x', 'Configuration'],
    ['UnknownError', 503, 'x', 'ServerError'],
  ] as const)('%s (%i)', (name, status, message, code) => {
    expect(mapAwsSdkError('STS', sdkError(name, status, message)).code).toBe(code);
    expect(awsError('STS', { code: name, status, message }).code).toBe(code);
  });

  it('no status is Network, a timeout says so, AbortError is Aborted', () => {
    expect(mapAwsSdkError('STS', new TypeError('fetch failed')).code).toBe('Network');
    expect(mapAwsSdkError('STS', sdkError('TimeoutError', undefined), { timedOut: true }).message).toMatch(
      /timed out/,
    );
    expect(mapAwsSdkError('STS', sdkError('AbortError', undefined)).code).toBe('Aborted');
  });

  it('quoteMessage: false keeps AWS’s message out; signedCall maps token errors to Configuration', () => {
    const err = sdkError('MalformedPolicyDocumentException', 400, 'policy echo: secret-input');
    expect(mapAwsSdkError('STS', err).message).toContain('secret-input');
    expect(mapAwsSdkError('STS', err, { quoteMessage: false }).message).not.toContain('secret-input');
    expect(mapAwsSdkError('STS', sdkError('ExpiredTokenException', 400), { signedCall: true }).code).toBe(
      'Configuration',
    );
  });
});
