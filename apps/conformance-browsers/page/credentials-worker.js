// A dedicated Web Worker that holds the credentials client. The page asks it for credentials or for a signed call
// over postMessage; the worker asks the page for the user's ID token (the page owns the IdP session).
// Sign-out reaches it two ways: the page's `sign-out` message, and any tab's `client.signOut()` over core's
// BroadcastChannel ('web-identity'), which every client of the origin — this one too — listens on.
import { createCredentialsClient, signedFetch, webIdentity } from '@web-identity/core';

let client = null;
let s3 = null;
const tokenRequests = new Map();
let lastId = 0;

/** The ID token, from the page (null once the user signed out there). */
function idTokenFromPage() {
  const id = ++lastId;
  return new Promise((resolve) => {
    tokenRequests.set(id, resolve);
    postMessage({ type: 'id-token?', id });
  });
}

function start(config) {
  client?.dispose();
  client = createCredentialsClient({
    region: config.region,
    source: webIdentity({ roleArn: config.roleArn, endpoint: config.awsEndpoint }),
    getIdToken: idTokenFromPage,
  });
  s3 = signedFetch({ credentials: client, region: config.region, service: 's3' });
}

const handlers = {
  init: ({ config }) => start(config),
  /** Keys for an SDK client in the page (plain fields: functions and getters do not cross postMessage). */
  credentials: async () => {
    const c = await client.getCredentials();
    const { accessKeyId, secretAccessKey, sessionToken } = c;
    return { accessKeyId, secretAccessKey, sessionToken, expiration: c.expiration.getTime() };
  },
  /** A call signed here: the page never sees the keys. */
  'signed-fetch': async ({ url, method, body }) => {
    const res = await s3(url, { method, body });
    return { status: res.status, body: await res.text() };
  },
  status: () => {
    const snap = client.getSnapshot();
    return {
      status: snap.status,
      exchangeCount: snap.exchangeCount,
      subject: snap.identity?.subject ?? null,
    };
  },
  'sign-out': () => client.signOut(),
};

self.onmessage = async ({ data }) => {
  if (data?.type === 'id-token') {
    tokenRequests.get(data.id)?.(data.idToken);
    tokenRequests.delete(data.id);
    return;
  }
  const handler = handlers[data?.type];
  if (!handler) return;
  try {
    postMessage({ type: 'reply', id: data.id, ok: (await handler(data)) ?? null });
  } catch (e) {
    // CredentialsError carries a code; its message never holds a secret.
    postMessage({
      type: 'reply',
      id: data.id,
      error: { code: e?.code ?? 'Error', message: String(e?.message) },
    });
  }
};
