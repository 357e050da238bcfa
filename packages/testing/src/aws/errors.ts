/** The protocol a request came in on; it decides how an error is rendered. */
export type Protocol = 'query' | 'json' | 's3' | 'rest-json';

/** An error the local AWS answers with, shaped per protocol like AWS's own. */
export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    readonly sender = status < 500,
  ) {
    super(message);
    this.name = 'AwsError';
  }
}

export const xmlEscape = (s: string): string =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c,
  );

/** Renders `err` for `protocol`: returns content type and body. */
export function renderError(
  err: AwsError,
  protocol: Protocol,
  requestId: string,
): { type: string; body: string; headers?: Record<string, string> } {
  switch (protocol) {
    case 'query':
      return {
        type: 'text/xml',
        body:
          '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">' +
          `<Error><Type>${err.sender ? 'Sender' : 'Receiver'}</Type><Code>${xmlEscape(err.code)}</Code>` +
          `<Message>${xmlEscape(err.message)}</Message></Error>` +
          `<RequestId>${requestId}</RequestId></ErrorResponse>`,
      };
    case 'json':
      return {
        type: 'application/x-amz-json-1.1',
        body: JSON.stringify({ __type: err.code, message: err.message }),
        headers: { 'x-amzn-ErrorType': `${err.code}:` },
      };
    case 's3':
      return {
        type: 'application/xml',
        body:
          '<?xml version="1.0" encoding="UTF-8"?>\n' +
          `<Error><Code>${xmlEscape(err.code)}</Code><Message>${xmlEscape(err.message)}</Message>` +
          `<RequestId>${requestId}</RequestId><HostId>local</HostId></Error>`,
      };
    case 'rest-json':
      return {
        type: 'application/json',
        body: JSON.stringify({ message: err.message }),
        headers: { 'x-amzn-ErrorType': err.code },
      };
  }
}

/** Errors per service for the generic faults (`throttle`, `fail`). */
export function throttlingError(service: string): AwsError {
  if (service === 'cognito-identity') return new AwsError('TooManyRequestsException', 'Rate exceeded', 400);
  if (service === 's3') return new AwsError('SlowDown', 'Please reduce your request rate.', 503);
  if (service === 'execute-api') return new AwsError('TooManyRequestsException', 'Too Many Requests', 429);
  return new AwsError('Throttling', 'Rate exceeded', 400);
}

export function statusError(service: string, status: number): AwsError {
  if (service === 'cognito-identity')
    return new AwsError(
      status >= 500 ? 'InternalErrorException' : 'InvalidParameterException',
      'Injected failure',
      status,
    );
  if (status === 503)
    return new AwsError('ServiceUnavailable', 'Service is unavailable. Please try again.', 503);
  if (status >= 500) return new AwsError('InternalFailure', 'An internal error occurred.', status);
  if (status === 429) return new AwsError('Throttling', 'Rate exceeded', 429);
  if (status === 403) return new AwsError('AccessDenied', 'Injected failure: access denied', 403);
  return new AwsError('InvalidRequest', 'Injected failure', status);
}
