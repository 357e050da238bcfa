// One tab of a profile for the cross-tab refresh test: a client of the default channel (shared across tabs), its
// ID token minted by the kit. `?skew=ms` moves this tab's monotonic clock that far ahead of the wall clock once it
// holds keys, as a WebKit background tab's per-process clock and throttled timers can make it disagree.
import { createCredentialsClient, webIdentity } from '@web-identity/core';

const config = await (await fetch('/kit.json')).json();
const skew = Number(new URLSearchParams(location.search).get('skew') ?? 0);
let ahead = 0;
/** The keys' expiry as this tab saw it when they arrived, before its clock moved. */
let arrivedExpiresAt = null;
const client = createCredentialsClient({
  region: config.region,
  source: webIdentity({ roleArn: config.roleArn, endpoint: config.awsEndpoint }),
  getIdToken: async () => {
    const res = await fetch(`${config.awsEndpoint}/__kit/id-tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sub: 'alice' }),
    });
    return (await res.json()).id_token;
  },
  platform: { monotonic: () => performance.now() + ahead },
});
client.subscribe(() => {
  const snap = client.getSnapshot();
  if (!snap.credentials || arrivedExpiresAt !== null) return;
  arrivedExpiresAt = snap.expiresAt.getTime();
  ahead = skew;
});
window.tab = {
  snapshot: () => {
    const s = client.getSnapshot();
    return {
      status: s.status,
      exchangeCount: s.exchangeCount,
      expiresAt: s.expiresAt?.getTime() ?? null,
      // The keys' `expiration` is read at call time: this tab's estimate as its clocks say now.
      estimate: s.credentials?.expiration.getTime() ?? null,
      arrivedExpiresAt,
    };
  },
};
document.getElementById('state').textContent = 'ready';
