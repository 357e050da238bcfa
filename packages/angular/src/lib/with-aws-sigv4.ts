import type { HttpInterceptorFn, HttpRequest } from '@angular/common/http';
import { inject } from '@angular/core';
import { from, switchMap } from 'rxjs';
import { AwsCredentialsService } from './aws-credentials.service';
import { type RequestToSign, signRequest } from './sign-request';

/** Which requests `withAwsSigV4` signs, and for which AWS service and region. */
export interface AwsSigV4Options {
  /** The signing name of the service. Default `execute-api` (API Gateway with IAM authorization). */
  service?: string;
  region: string;
  /**
   * Requests to sign: URL prefixes (`'https://abc.execute-api.eu-west-1.amazonaws.com/prod/'`), regular
   * expressions, or a predicate, tested against the absolute URL with its query. Others pass untouched.
   */
  urls: ReadonlyArray<string | RegExp> | ((url: string) => boolean);
}

function absoluteUrl(url: string): URL | null {
  try {
    return new URL(url, globalThis.location?.href);
  } catch {
    return null;
  }
}

async function toSignable(
  req: HttpRequest<unknown>,
  url: URL,
): Promise<[RequestToSign, HttpRequest<unknown>]> {
  let body = req.serializeBody();
  let out = req;
  if (typeof Blob !== 'undefined' && body instanceof Blob) {
    // Blobs cannot be hashed synchronously: read once, sign and send the same bytes.
    body = await body.arrayBuffer();
    out = out.clone({ body });
  }
  let signable: string | Uint8Array | undefined;
  if (body === null || body === undefined) signable = undefined;
  else if (typeof body === 'string') signable = body;
  else if (body instanceof URLSearchParams) signable = body.toString();
  else if (body instanceof ArrayBuffer) signable = new Uint8Array(body);
  else {
    throw new TypeError(
      'withAwsSigV4 cannot sign a FormData body (its multipart boundary is chosen by the browser when ' +
        'sending): send a Blob, an ArrayBuffer, a string or JSON instead.',
    );
  }
  const headers: Record<string, string> = {};
  for (const name of out.headers.keys()) {
    const value = out.headers.get(name);
    if (value !== null) headers[name.toLowerCase()] = value;
  }
  if (signable !== undefined && headers['content-type'] === undefined) {
    // Sign the content type the request will carry, and set it so the browser does not pick another.
    const detected = out.detectContentTypeHeader();
    if (detected) {
      headers['content-type'] = detected;
      out = out.clone({ setHeaders: { 'content-type': detected } });
    }
  }
  return [{ method: out.method, url, headers, body: signable }, out];
}

/**
 * An `HttpInterceptorFn` that signs matching requests with AWS Signature Version 4 using the current
 * credentials of `AwsCredentialsService` (API Gateway IAM authorization, Lambda function URLs, ...).
 * Other requests pass untouched. When no credentials can be had, the request fails with the
 * `CredentialsError` and is not sent.
 *
 * @example
 * ```ts
 * provideHttpClient(
 *   withInterceptors([
 *     withAwsSigV4({ region: 'eu-west-1', urls: ['https://abc123.execute-api.eu-west-1.amazonaws.com/'] }),
 *   ]),
 * );
 * ```
 */
export function withAwsSigV4(options: AwsSigV4Options): HttpInterceptorFn {
  const service = options.service ?? 'execute-api';
  const { region, urls } = options;
  const matches =
    typeof urls === 'function'
      ? urls
      : (url: string): boolean =>
          urls.some((rule) => (typeof rule === 'string' ? url.startsWith(rule) : rule.test(url)));

  return (req, next) => {
    const url = absoluteUrl(req.urlWithParams);
    if (!url || !matches(url.href)) return next(req);
    const aws = inject(AwsCredentialsService);
    return from(
      (async () => {
        const credentials = await aws.getCredentials();
        const [signable, outgoing] = await toSignable(req, url);
        const signedHeaders = await signRequest(signable, credentials, { service, region });
        return outgoing.clone({ setHeaders: signedHeaders });
      })(),
    ).pipe(switchMap((signed) => next(signed)));
  };
}
