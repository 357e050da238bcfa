// The conformance suite in a browser page: core's built ESM and the runtime-neutral scenarios, against the kit the
// host started. The host reads `window.__conformance` when `done` is set.

import { runSuite } from '@web-identity/conformance';
import * as core from '@web-identity/core';

const target = new URLSearchParams(location.search).get('target') ?? 'browser';
const kit = await (await fetch('/kit.json')).json();
const state = document.getElementById('state');
window.__conformance = { done: false, results: {}, error: null };
runSuite(
  core,
  kit,
  { name: target },
  {
    onResult: (id, r) => {
      window.__conformance.results[id] = r;
      state.textContent = `${id}: ${r.status}`;
    },
  },
).then(
  (results) => {
    window.__conformance.results = results;
    window.__conformance.done = true;
    state.textContent = 'done';
  },
  (e) => {
    window.__conformance.error = String(e?.stack ?? e);
    window.__conformance.done = true;
  },
);
