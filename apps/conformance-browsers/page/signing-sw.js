// A Service Worker that signs the page's requests under /s3/ with signedFetch and sends them to S3: the page
// fetches a same-origin path and never holds AWS keys. A browser may stop an idle Service Worker at any time, so
// the client is made lazily and asks a window of the origin for the ID token each time it needs one.
// Sign-out: the page posts `sign-out` (and answers later token requests with null); any tab's
// `client.signOut()` reaches this client over core's BroadcastChannel as well.
import { createCredentialsClient, signedFetch, webIdentity } from '@web-identity/core';

const SIGNED = '/s3/';
let state = null;

/** The ID token from the first window client of this origin that answers (over a MessageChannel). */
async function idTokenFromWindow() {
  for (const win of await self.clients.matchAll({ type: 'window' })) {
    const channel = new MessageChannel();
    const answer = new Promise((resolve) => {
      channel.port1.onmessage = (e) => resolve(e.data?.idToken ?? null);
      setTimeout(() => resolve(undefined), 2_000);
    });
    win.postMessage({ type: 'id-token?' }, [channel.port2]);
    const token = await answer;
    if (token !== undefined) return token;
  }
  return null;
}

async function ready() {
  state ??= fetch('/kit.json')
    .then((res) => res.json())
    .then((config) => {
      const client = createCredentialsClient({
        region: config.region,
        source: webIdentity({ roleArn: config.roleArn, endpoint: config.awsEndpoint }),
        getIdToken: idTokenFromWindow,
      });
      const s3 = signedFetch({ credentials: client, region: config.region, service: 's3' });
      return { client, s3, base: `${config.awsEndpoint}/${config.bucket}/` };
    });
  return state;
}

async function signed(request, path) {
  const { s3, base } = await ready();
  const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.text();
  try {
    return await s3(base + path, { method: request.method, body });
  } catch (e) {
    // Signed out, or no keys: the page sees a 401 with the error code, never a secret.
    return new Response(JSON.stringify({ code: e?.code ?? 'Error', message: String(e?.message) }), {
      status: 401,
    });
  }
}

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (url.origin !== location.origin || !url.pathname.startsWith(SIGNED)) return;
  event.respondWith(signed(event.request, url.pathname.slice(SIGNED.length)));
});
self.addEventListener('message', async (event) => {
  if (event.data?.type === 'sign-out') (await ready()).client.signOut();
  if (event.data?.type === 'status') {
    const snap = (await ready()).client.getSnapshot();
    event.ports[0]?.postMessage({ status: snap.status, exchangeCount: snap.exchangeCount });
  }
});
