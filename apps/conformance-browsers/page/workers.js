// The page side of the Worker and Service Worker patterns. It owns the user's session (here the kit mints the ID
// token; an app's OIDC library in real life) and answers both workers' token requests; the host test drives it
// through `window.wi`.
import { createCredentialsClient, webIdentity } from '@web-identity/core';

const config = await (await fetch('/kit.json')).json();
let signedIn = true;

async function idToken() {
  if (!signedIn) return null;
  const res = await fetch(`${config.awsEndpoint}/__kit/id-tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ sub: 'alice' }),
  });
  return (await res.json()).id_token;
}

// The dedicated worker: requests and replies matched by id.
const worker = new Worker('/built/credentials-worker.js', { type: 'module' });
const pending = new Map();
let lastId = 0;
worker.onmessage = async ({ data }) => {
  if (data.type === 'id-token?')
    worker.postMessage({ type: 'id-token', id: data.id, idToken: await idToken() });
  if (data.type === 'reply') {
    pending.get(data.id)?.(data);
    pending.delete(data.id);
  }
};
function ask(type, extra = {}) {
  const id = ++lastId;
  return new Promise((resolve) => {
    pending.set(id, resolve);
    worker.postMessage({ type, id, ...extra });
  });
}

// The Service Worker asks for the token over a MessageChannel.
navigator.serviceWorker?.addEventListener('message', async (event) => {
  if (event.data?.type === 'id-token?') event.ports[0]?.postMessage({ idToken: await idToken() });
});

async function swReady() {
  if (!navigator.serviceWorker) return { error: 'no navigator.serviceWorker' };
  try {
    await navigator.serviceWorker.register('/built/signing-sw.js', { type: 'module', scope: '/' });
  } catch (e) {
    return { error: String(e?.message ?? e) };
  }
  await navigator.serviceWorker.ready;
  if (!navigator.serviceWorker.controller) {
    await new Promise((resolve) =>
      navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }),
    );
  }
  return { ok: true };
}

async function swStatus() {
  const channel = new MessageChannel();
  const answer = new Promise((resolve) => {
    channel.port1.onmessage = (e) => resolve(e.data);
  });
  navigator.serviceWorker.controller.postMessage({ type: 'status' }, [channel.port2]);
  return answer;
}

window.wi = {
  config,
  worker: ask,
  swReady,
  swStatus,
  async swFetch(path, init = {}) {
    const res = await fetch(`/s3/${path}`, init);
    return { status: res.status, body: await res.text() };
  },
  /** Sign-out as an app does it: its own client's signOut() tells every client of the origin, workers too. */
  signOutEverywhere() {
    signedIn = false;
    createCredentialsClient({
      region: config.region,
      source: webIdentity({ roleArn: config.roleArn, endpoint: config.awsEndpoint }),
      getIdToken: async () => null,
    }).signOut();
  },
  /** Sign-out told to the Service Worker directly as well (it may have been stopped and started since). */
  signOutServiceWorker() {
    signedIn = false;
    navigator.serviceWorker.controller?.postMessage({ type: 'sign-out' });
  },
  signIn() {
    signedIn = true;
  },
};
document.getElementById('state').textContent = 'ready';
