export const dynamic = 'force-dynamic';

/** No wrapper here: only the proxy (proxy.ts) stands between this route and a caller without a valid token. */
export function GET(): Response {
  return Response.json({ pong: true });
}
