import { check, rejection, type ScenarioContext } from '../context.js';
import type { Outcome } from '../types.js';

/** An access token instead of an ID token: `NotAnIdToken`, not retryable, no STS call, no token in the message. */
export async function accessTokenError(ctx: ScenarioContext): Promise<Outcome> {
  const client = ctx.client({ getIdToken: () => ctx.kit.accessToken });
  const err = await rejection(client.getCredentials(), 'getCredentials() with an access token');
  check(err instanceof ctx.core.CredentialsError, `a CredentialsError expected, got ${String(err)}`);
  check(err.code === 'NotAnIdToken', `code NotAnIdToken expected, got ${err.code}`);
  check(err.retryable === false, 'NotAnIdToken should not be retryable');
  check(!err.message.includes(ctx.kit.accessToken), 'the error message contains the token');
  check(client.getSnapshot().status === 'error', `status ${client.getSnapshot().status}, expected error`);
  const calls = await ctx.control.calls({ service: 'sts' });
  check(calls.length === 0, `no STS call expected for an access token, saw ${calls.length}`);
  return { status: 'pass' };
}

/**
 * AWS refusing: a token for another audience (the role's trust policy refuses it), then throttling. Each
 * surfaces as a `CredentialsError` with its code and retryability.
 */
export async function awsRefusalErrors(ctx: ScenarioContext): Promise<Outcome> {
  const refused = ctx.client({ getIdToken: () => ctx.control.idToken('alice', { aud: 'another-client' }) });
  const denied = await rejection(refused.getCredentials(), 'a token the trust policy refuses');
  check(denied instanceof ctx.core.CredentialsError, `a CredentialsError expected, got ${String(denied)}`);
  check(
    denied.code === 'AccessDenied' || denied.code === 'InvalidIdentityToken',
    `AccessDenied or InvalidIdentityToken expected, got ${denied.code}`,
  );
  check(denied.retryable === false, `${denied.code} should not be retryable`);

  await ctx.control.fault('throttle', 1);
  const throttled = ctx.client();
  const err = await rejection(throttled.getCredentials(), 'a throttled exchange');
  check(err instanceof ctx.core.CredentialsError, `a CredentialsError expected, got ${String(err)}`);
  check(err.code === 'Throttled' && err.retryable === true, `retryable Throttled expected, got ${err.code}`);
  const outcomes = (await ctx.control.calls({ action: 'AssumeRoleWithWebIdentity' })).map((c) => c.outcome);
  check(outcomes.includes('Throttling'), `the kit should have throttled a call, saw ${outcomes.join()}`);
  return { status: 'pass' };
}
