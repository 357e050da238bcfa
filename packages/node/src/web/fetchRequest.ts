import type { RequestLike } from '../types.js';

/**
 * A fetch `Request` seen as the broker's `RequestLike`: header look-ups go to `Headers.get` (lower-case names,
 * repeated headers joined with `, ` as fetch does), `url` is the path alone (what the logs may carry). One small
 * object per request; nothing is copied.
 */
class FetchRequestLike implements RequestLike {
  readonly headers: Record<string, string | undefined>;
  readonly method: string;
  readonly #url: string;

  constructor(request: Request) {
    const source = request.headers;
    this.method = request.method;
    this.#url = request.url;
    this.headers = new Proxy({} as Record<string, string | undefined>, {
      get: (_, name) => (typeof name === 'string' ? (source.get(name) ?? undefined) : undefined),
    });
  }

  get url(): string {
    const at = this.#url.indexOf('/', this.#url.indexOf('//') + 2);
    return at < 0 ? '/' : this.#url.slice(at);
  }
}

/**
 * The broker's view of a fetch `Request` (Next.js, Hono, SvelteKit, h3, `Bun.serve`, `Deno.serve`, workerd).
 *
 * @example
 * const auth = await broker.authenticate(requestLike(request));
 */
export function requestLike(request: Request): RequestLike {
  return new FetchRequestLike(request);
}
