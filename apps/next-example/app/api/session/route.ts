import { aws, SESSION_COOKIE } from '../../../lib/aws';

export const dynamic = 'force-dynamic';

/**
 * POST with `Authorization: Bearer <id token>`: checks the token (no STS call) and keeps it in an httpOnly,
 * SameSite=Strict session cookie, so server actions can act as this user. DELETE clears it.
 */
export async function POST(request: Request): Promise<Response> {
  try {
    const auth = await aws().broker.authenticate(request);
    const exp = Number(auth?.identity.claims.exp ?? 0);
    const maxAge = Math.max(0, Math.floor(exp - Date.now() / 1000));
    const secure = new URL(request.url).protocol === 'https:' ? '; Secure' : '';
    return new Response(null, {
      status: 204,
      headers: {
        'set-cookie': `${SESSION_COOKIE}=${auth!.token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${secure}`,
      },
    });
  } catch (err) {
    return aws().broker.toResponse(err, request);
  }
}

export function DELETE(): Response {
  return new Response(null, {
    status: 204,
    headers: { 'set-cookie': `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0` },
  });
}
