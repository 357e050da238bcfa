import type { ExchangeResult, GuestContext } from '../../types.js';
import type { PoolCalls, PoolCredentials } from './cognitoCalls.js';
import { type GuestSlot, guestError, staleGuest } from './guestIdentity.js';

/** The provider name of Cognito's own tokens: a guest's `identity.provider`. */
const COGNITO_PROVIDER = 'cognito-identity.amazonaws.com';

function asGuest(r: PoolCredentials): ExchangeResult {
  const { identityId, ...rest } = r;
  return {
    ...rest,
    identity: { ...r.identity, subject: identityId, provider: COGNITO_PROVIDER, identityId, guest: true },
  };
}

/**
 * A guest's credentials (no `Logins`): for the kept guest identity, replaced silently by a new one once the pool
 * no longer serves it (unknown, or signed in meanwhile), else for a new guest, whose id is kept. A pool that
 * refuses guests is `GuestAccessDisabled`.
 */
export async function guestCredentials(
  slot: GuestSlot,
  calls: PoolCalls,
  ctx: GuestContext,
): Promise<ExchangeResult> {
  const kept = slot.get();
  if (kept) {
    try {
      const r = asGuest(await calls.credentialsFor(kept, undefined, ctx));
      if (!ctx.signal.aborted) slot.set(kept); // used just now: the bound starts again
      return r;
    } catch (e) {
      if (!staleGuest(e) || ctx.signal.aborted) throw guestError(e);
      slot.clear(kept);
    }
  }
  try {
    const id = await calls.getId(undefined, ctx);
    if (!ctx.signal.aborted) slot.set(id);
    return asGuest(await calls.credentialsFor(id, undefined, ctx));
  } catch (e) {
    throw guestError(e);
  }
}
