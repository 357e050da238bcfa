/** Fakes shared by the STS-call benchmark and the soak: an unsigned ID token, a scripted STS transport, SDK HTTP handlers. */
import { CredentialsError } from '@web-identity/core';

const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');

/** A structurally valid (unsigned) ID token: core reads claims, STS (here faked) is what verifies. */
export function fakeIdToken(sub = 'alice', now = Date.now()) {
  const iat = Math.floor(now / 1000);
  return `${b64({ alg: 'RS256', typ: 'JWT', kid: 'k' })}.${b64({
    iss: 'https://idp.example.com',
    sub,
    aud: 'web-identity-demo',
    iat,
    exp: iat + 30 * 24 * 3600,
  })}.c2ln`;
}

const ROLE = 'arn:aws:iam::123456789012:role/PhotoUploader';

function stsXml(n, now, lifetimeS) {
  const exp = new Date(now + lifetimeS * 1000).toISOString();
  return `<AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleWithWebIdentityResult><SubjectFromWebIdentityToken>alice</SubjectFromWebIdentityToken><Audience>web-identity-demo</Audience><AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/PhotoUploader/alice</Arn><AssumedRoleId>AROAEXAMPLE:alice</AssumedRoleId></AssumedRoleUser><Credentials><SessionToken>session-${n}</SessionToken><SecretAccessKey>secret-${n}</SecretAccessKey><Expiration>${exp}</Expiration><AccessKeyId>ASIA${String(n).padStart(16, '0')}</AccessKeyId></Credentials><Provider>https://idp.example.com</Provider></AssumeRoleWithWebIdentityResult><ResponseMetadata><RequestId>req-${n}</RequestId></ResponseMetadata></AssumeRoleWithWebIdentityResponse>`;
}

function handler(respond) {
  return {
    metadata: { handlerProtocol: 'http/1.1' },
    handle: async (request) => ({ response: await respond(request) }),
    updateHttpClientConfig() {},
    httpHandlerConfigs: () => ({}),
    destroy() {},
  };
}

/** An SDK request handler answering STS AssumeRoleWithWebIdentity with `lifetimeS` credentials; counts calls. */
export function fakeStsHandler(counter, lifetimeS = 3600) {
  return handler(async () => {
    counter.sts += 1;
    const now = Date.now();
    return {
      statusCode: 200,
      headers: { 'content-type': 'text/xml', date: new Date(now).toUTCString() },
      body: Buffer.from(stsXml(counter.sts, now, lifetimeS)),
    };
  });
}

/** An SDK request handler answering S3 PutObject with 200; counts calls. */
export function fakeS3Handler(counter) {
  return handler(async () => {
    counter.s3 += 1;
    return {
      statusCode: 200,
      headers: { etag: '"d41d8cd98f00b204e9800998ecf8427e"' },
      body: new Uint8Array(),
    };
  });
}

/**
 * A core `Transport` whose STS answers are scripted by `decide()` (null = success), with the error shapes the
 * local kit produces as core's fetch/SDK transports surface them (Throttled, ServerError, Network,
 * IdpUnreachable). Counts calls and tracks how many are in flight at once.
 */
export function scriptedTransport({
  lifetimeS = 3600,
  latencyMs = 0,
  decide = () => null,
  serverNow = () => Date.now(),
} = {}) {
  const stats = { calls: 0, successes: 0, failures: 0, inflight: 0, maxInflight: 0 };
  const transport = {
    name: 'scripted',
    async assumeRoleWithWebIdentity(_input, opts) {
      stats.calls += 1;
      stats.inflight += 1;
      stats.maxInflight = Math.max(stats.maxInflight, stats.inflight);
      try {
        if (latencyMs) await new Promise((r) => setTimeout(r, latencyMs));
        if (opts.signal.aborted) throw new CredentialsError('Aborted', 'aborted');
        const fault = decide(stats.calls);
        if (fault) {
          stats.failures += 1;
          throw fault;
        }
        stats.successes += 1;
        const now = serverNow();
        return {
          accessKeyId: `ASIA${String(stats.calls).padStart(16, '0')}`,
          secretAccessKey: `secret-${stats.calls}`,
          sessionToken: `session-${stats.calls}`,
          expiration: new Date(now + lifetimeS * 1000),
          serverDate: new Date(now),
          durationSeconds: lifetimeS,
          identity: {
            subject: 'alice',
            provider: 'https://idp.example.com',
            assumedRoleArn: `${ROLE}/alice`,
          },
        };
      } finally {
        stats.inflight -= 1;
      }
    },
    async cognitoGetId() {
      throw new CredentialsError('Configuration', 'not used');
    },
    async cognitoGetCredentialsForIdentity() {
      throw new CredentialsError('Configuration', 'not used');
    },
    async cognitoGetOpenIdToken() {
      throw new CredentialsError('Configuration', 'not used');
    },
  };
  return { transport, stats };
}

/** Error shapes as core surfaces the kit's faults (see packages/core/src/aws/awsError.ts). */
export const FAULTS = {
  throttle: () => new CredentialsError('Throttled', 'STS: Rate exceeded (Throttling).'),
  serverError: () => new CredentialsError('ServerError', 'STS: InternalFailure (HTTP 500).'),
  drop: () => new CredentialsError('Network', 'STS: connection reset.'),
  idpDown: () => new CredentialsError('IdpUnreachable', 'STS: IDPCommunicationError.'),
};

export { ROLE };
