// @vitest-environment node
import { fetchTransport, webIdentity } from '@web-identity/core';
import { type LocalKit, signInWithPassword, startLocalKit } from '@web-identity/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp, type EffectScope, effectScope } from 'vue';
import { createAwsCredentials, type UseAwsCredentialsReturn, useAwsCredentials } from '../src/index.js';

// Real HTTP end to end: a real ID token from the local IdP, the real core client exchanging it with the
// local STS.

let kit: LocalKit;
let idToken: string;

beforeAll(async () => {
  kit = await startLocalKit();
  ({ idToken } = await signInWithPassword(kit.config.issuer, { login: 'alice' }));
});
afterAll(async () => {
  await kit?.close();
});

describe('against the local kit', () => {
  it('50 consumers in one app share one STS exchange; sign-out empties them all', async () => {
    const user = { token: idToken as string | null };
    const app = createApp({ render: () => null }).use(
      createAwsCredentials({
        region: kit.config.region,
        source: webIdentity({ roleArn: kit.config.roleArn, endpoint: kit.config.stsEndpoint }),
        getIdToken: () => user.token,
        transport: fetchTransport(),
      }),
    );
    const since = Date.now();
    const scopes: EffectScope[] = [];
    const apis: UseAwsCredentialsReturn[] = [];
    for (let i = 0; i < 50; i++) {
      const scope = effectScope();
      scopes.push(scope);
      apis.push(app.runWithContext(() => scope.run(() => useAwsCredentials())!));
    }
    await vi.waitFor(() => expect(apis[49]!.status.value).toBe('ready'), { timeout: 10_000 });
    expect(new Set(apis.map((a) => a.status.value))).toEqual(new Set(['ready']));
    expect(apis[0]!.identity.value?.subject).toBe('alice');
    expect(apis[0]!.identity.value?.assumedRoleArn).toContain('assumed-role/PhotoUploader/');
    const exchanges = kit.aws
      .calls({ action: 'AssumeRoleWithWebIdentity' })
      .filter((c) => c.time.getTime() >= since - 1000);
    expect(exchanges).toHaveLength(1);
    expect(apis[0]!.exchangeCount.value).toBe(1);

    // Sign-out: every consumer empties, and the S3 client can no longer sign.
    user.token = null;
    apis[0]!.signOut();
    expect(new Set(apis.map((a) => a.status.value))).toEqual(new Set(['signed-out']));
    expect(apis[7]!.credentials.value).toBeNull();
    await expect(apis[3]!.client.getCredentials()).rejects.toMatchObject({ name: 'CredentialsError' });

    for (const scope of scopes) scope.stop();
    app.unmount();
  });
});
