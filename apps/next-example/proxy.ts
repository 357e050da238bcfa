import { aws } from './lib/aws';

/** Refuses API calls without a valid token before any route runs (401/403/503, RFC 6750 + problem+json). */
export function proxy(request: Request): Promise<Response | undefined> {
  return aws().proxy(request);
}

export const config = { matcher: ['/api/files/:path*', '/api/me', '/api/ping'] };
