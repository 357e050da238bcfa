// A DOM for Testing Library in a Node-environment test file: only `window` and `document` become globals,
// so the local kit's servers (oidc-provider) keep Node's own URL, fetch, crypto and events.
// Import it first: Testing Library reads `document` when it loads.
import { JSDOM } from 'jsdom';

const dom = new JSDOM('<!doctype html><html><body></body></html>', { url: 'http://localhost/' });
const g = globalThis as Record<string, unknown>;
g.window = dom.window;
g.document = dom.window.document;
g.IS_REACT_ACT_ENVIRONMENT = true;
