/**
 * A token bucket: at most `burst` operations at once, refilled at `perMinute`. Bounds outbound fetches that
 * outside input can trigger (the ALB public-key look-ups by `kid`).
 *
 * @example
 * const bucket = tokenBucket({ burst: 10, perMinute: 10 });
 * if (!bucket.take()) throw tooMany(bucket.nextAt());
 */
export function tokenBucket(opts: { burst: number; perMinute: number }) {
  const msPerToken = 60_000 / opts.perMinute;
  let tokens = opts.burst;
  let at = Date.now();
  const refill = (now: number) => {
    tokens = Math.min(opts.burst, tokens + (now - at) / msPerToken);
    at = now;
  };
  return {
    /** Takes one token; `false` when the bucket is empty. */
    take(now = Date.now()): boolean {
      refill(now);
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    },
    /** When the next token will be there (epoch ms). */
    nextAt(now = Date.now()): number {
      refill(now);
      return tokens >= 1 ? now : now + Math.ceil((1 - tokens) * msPerToken);
    },
  };
}
