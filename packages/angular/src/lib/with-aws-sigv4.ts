import type { HttpInterceptorFn, HttpRequest } from '@angular/common/http';
import { inject } from '@angular/core';
import { signRequest } from '@web-identity/core';
import { from, switchMap } from 'rxjs';
import { AwsCredentialsService } from './aws-credentials.service';

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

/** The request as fetch would send it (what core's signer hashes), and the HttpRequest to send. */
async function toFetchRequest(req: HttpRequest<unknown>, url: URL): Promise<[Request, HttpRequest<unknown>]> {
  let body = req.serializeBody();
  let out = req;
  if (typeof Blob !== 'undefined' && body instanceof Blob) {
    // Hash and send the same bytes: read the Blob once.
    body = await body.arrayBuffer();
    out = out.clone({ body });
  }
  let payload: string | Uint8Array | undefined;
  if (body === null || body === undefined) payload = undefined;
  else if (typeof body === 'string') payload = body;
  else if (body instanceof URLSearchParams) payload = body.toString();
  else if (body instanceof ArrayBuffer) payload = new Uint8Array(body);
  else {
    throw new TypeError(
      'withAwsSigV4 cannot sign a FormData body (its multipart boundary is chosen by the browser when ' +
        'sending): send a Blob, an ArrayBuffer, a string or JSON instead.',
    );
  }
  const headers = new Headers();
  for (const name of out.headers.keys()) {
    for (const value of out.headers.getAll(name) ?? []) headers.append(name, value);
  }
  if (payload !== undefined && !headers.has('content-type')) {
    // Sign the content type the request will carry, and set it so the browser does not pick another.
    const detected = out.detectContentTypeHeader();
    if (detected) {
      headers.set('content-type', detected);
      out = out.clone({ setHeaders: { 'content-type': detected } });
    }
  }
  const request = new Request(url, {
    method: out.method,
    headers,
    ...(payload !== undefined && out.method !== 'GET' && out.method !== 'HEAD'
      ? { body: payload as BodyInit }
      : {}),
  });
  return [request, out];
}

/**
 * An `HttpInterceptorFn` that signs matching requests with AWS Signature Version 4 using the current
 * credentials of `AwsCredentialsService` (API Gateway IAM authorization, Lambda function URLs, ...).
 * Other requests pass untouched. When no credentials can be had, the request fails with the
 * `CredentialsError` and is not sent. Signing is core's `signRequest` (SigV4 over Web Crypto).
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
        const [request, outgoing] = await toFetchRequest(req, url);
        const signed = await signRequest(request, { credentials, region, service });
        const setHeaders: Record<string, string> = {};
        signed.headers.forEach((value, name) => {
          setHeaders[name] = value;
        });
        return outgoing.clone({ setHeaders });
      })(),
    ).pipe(switchMap((signed) => next(signed)));
  };
}
