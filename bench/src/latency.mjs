/**
 * Cold exchange latency against the local kit (real HTTP on loopback): a fresh core client per iteration
 * (no cached credentials) calling getCredentials(), vs the raw SDK `AssumeRoleWithWebIdentityCommand`
 * on one STSClient. Interleaved, order rotated each round, so noise hits every variant alike.
 */
import { AssumeRoleWithWebIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { createCredentialsClient, fetchTransport, sdkTransport, webIdentity } from '@web-identity/core';
import { startLocalKit } from '@web-identity/testing';
import { median, percentile, round } from './util.mjs';

export async function runLatency({ smoke }) {
  const n = smoke ? 5 : 200;
  const warmup = smoke ? 1 : 10;
  const kit = await startLocalKit();
  try {
    const { region, stsEndpoint, roleArn } = kit.config;
    const token = await kit.idp.issueIdToken({ sub: 'alice', expiresIn: 3600 });
    const sts = new STSClient({ region, endpoint: stsEndpoint });
    const sdkT = sdkTransport();
    const fetchT = fetchTransport();
    const ours = (transport) => async () => {
      const client = createCredentialsClient({
        region,
        source: webIdentity({ roleArn, endpoint: stsEndpoint, durationSeconds: 3600 }),
        getIdToken: () => token,
        transport,
      });
      try {
        const c = await client.getCredentials();
        if (!c.accessKeyId) throw new Error('no credentials');
      } finally {
        client.dispose();
      }
    };
    const variants = {
      rawSdk: async () => {
        const out = await sts.send(
          new AssumeRoleWithWebIdentityCommand({
            RoleArn: roleArn,
            RoleSessionName: 'alice',
            WebIdentityToken: token,
            DurationSeconds: 3600,
          }),
        );
        if (!out.Credentials?.AccessKeyId) throw new Error('no credentials');
      },
      oursSdkTransport: ours(sdkT),
      oursFetchTransport: ours(fetchT),
    };
    const names = Object.keys(variants);
    const samples = Object.fromEntries(names.map((k) => [k, []]));
    for (let i = 0; i < warmup + n; i++) {
      const order = names.map((_, j) => names[(i + j) % names.length]);
      for (const k of order) {
        const t0 = performance.now();
        await variants[k]();
        const dt = performance.now() - t0;
        if (i >= warmup) samples[k].push(dt);
      }
    }
    sts.destroy();
    const stat = (xs) => ({ medianMs: round(median(xs), 3), p90Ms: round(percentile(xs, 90), 3) });
    const res = Object.fromEntries(names.map((k) => [k, stat(samples[k])]));
    return {
      iterations: n,
      ...res,
      overheadSdkTransportMs: round(res.oursSdkTransport.medianMs - res.rawSdk.medianMs, 3),
      overheadFetchTransportMs: round(res.oursFetchTransport.medianMs - res.rawSdk.medianMs, 3),
      ratioSdkTransportToRaw: round(res.oursSdkTransport.medianMs / res.rawSdk.medianMs, 3),
      ratioFetchTransportToRaw: round(res.oursFetchTransport.medianMs / res.rawSdk.medianMs, 3),
    };
  } finally {
    await kit.close();
  }
}
