/**
 * STS calls over a simulated session (fake clock): N consumers (SDK S3 clients) sharing one identity.
 * Ours: one core client (fake STS transport) whose `provider` feeds every S3 client.
 * Baseline: one `fromWebToken` provider per S3 client (the SDK's own memoisation, STS faked at the HTTP handler).
 * Consumers use their credentials every simulated minute.
 */
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { fromWebToken } from '@aws-sdk/credential-providers';
import FakeTimers from '@sinonjs/fake-timers';
import { createCredentialsClient, webIdentity } from '@web-identity/core';
import { fakeIdToken, fakeS3Handler, fakeStsHandler, ROLE, scriptedTransport } from './fakes.mjs';

async function simulate({ consumers, hours, stepMin, sendEveryMin, kind }) {
  const clock = FakeTimers.install({
    now: Date.UTC(2026, 0, 1),
    toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
  });
  const counter = { sts: 0, s3: 0 };
  let dispose = () => {};
  try {
    const token = fakeIdToken('alice');
    let providerFor;
    if (kind === 'ours') {
      const { transport, stats } = scriptedTransport({ lifetimeS: 3600 });
      const client = createCredentialsClient({
        region: 'eu-west-1',
        source: webIdentity({ roleArn: ROLE, durationSeconds: 3600 }),
        getIdToken: () => token,
        transport,
      });
      Object.defineProperty(counter, 'sts', { get: () => stats.calls });
      providerFor = () => client.provider;
      dispose = () => client.dispose();
    } else {
      providerFor = () =>
        fromWebToken({
          roleArn: ROLE,
          webIdentityToken: token,
          clientConfig: { region: 'eu-west-1', requestHandler: fakeStsHandler(counter, 3600) },
        });
    }
    const clients = Array.from(
      { length: consumers },
      () =>
        new S3Client({
          region: 'eu-west-1',
          credentials: providerFor(),
          requestHandler: fakeS3Handler(counter),
        }),
    );
    // Every `stepMin` each consumer resolves credentials exactly as the SDK does before signing a request
    // (`config.credentials` is the client's memoised identity provider); every `sendEveryMin` it also sends
    // a real PutObject through the whole middleware stack (HTTP faked).
    for (let m = 0; m < hours * 60; m += stepMin) {
      await Promise.all(
        clients.map((c, i) =>
          m % sendEveryMin === 0
            ? c.send(new PutObjectCommand({ Bucket: 'demo-uploads', Key: `uploads/alice/${i}`, Body: 'x' }))
            : c.config.credentials(),
        ),
      );
      await clock.tickAsync(stepMin * 60_000);
    }
    return { stsCalls: counter.sts, puts: counter.s3 };
  } finally {
    dispose();
    clock.uninstall();
  }
}

export async function runStsCalls({ smoke }) {
  const cfg = smoke
    ? { consumers: 10, hours: 2, stepMin: 1, sendEveryMin: 30 }
    : { consumers: 100, hours: 8, stepMin: 1, sendEveryMin: 60 };
  const lifetimeMin = 60;
  const refreshWindowMin = 5;
  const floor = Math.ceil((cfg.hours * 60) / (lifetimeMin - refreshWindowMin));
  const ours = await simulate({ ...cfg, kind: 'ours' });
  const sdk = await simulate({ ...cfg, kind: 'sdk' });
  return {
    ...cfg,
    lifetimeMin,
    refreshWindowMin,
    floor,
    ours: ours.stsCalls,
    sdkFromWebTokenPerClient: sdk.stsCalls,
    putsEach: ours.puts,
    ratioSdkToOurs: sdk.stsCalls / ours.stsCalls,
    oursMeetsFloor: ours.stsCalls <= floor,
  };
}
