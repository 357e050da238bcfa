import { check, rejection, type ScenarioContext, sleep } from '../context.js';
import type { Outcome } from '../types.js';

/**
 * `signOut()` while an exchange is in flight (STS slowed to 400 ms): the pending caller rejects with `Aborted`,
 * and the keys STS sends back afterwards are dropped — the client stays signed out.
 */
export async function signOutWins(ctx: ScenarioContext): Promise<Outcome> {
  await ctx.control.fault('latency', 400);
  const client = ctx.client();
  const pending = client.getCredentials();
  await sleep(100);
  check(client.getSnapshot().status === 'loading', `status ${client.getSnapshot().status}, expected loading`);
  client.signOut();
  const err = await rejection(pending, 'getCredentials() pending at sign-out');
  check(err instanceof ctx.core.CredentialsError, `a CredentialsError expected, got ${String(err)}`);
  check(err.code === 'Aborted', `code Aborted expected, got ${err.code}`);
  await sleep(600); // the slowed STS answer has arrived by now
  const snap = client.getSnapshot();
  check(snap.status === 'signed-out', `status ${snap.status} after sign-out, expected signed-out`);
  check(snap.credentials === null && snap.identity === null, 'keys from the aborted exchange were kept');
  check(snap.exchangeCount === 0, `exchangeCount ${snap.exchangeCount}, expected 0`);
  return { status: 'pass' };
}
