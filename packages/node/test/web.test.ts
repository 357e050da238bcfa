// The Express suite, run against the fetch-standard entry (`@web-identity/node/web`): the same attacks (forged
// and wrong tokens, 0 STS calls; 1,000 users interleaved, each with its own keys), the same answers. Twice: with
// the synchronous SHA-256 Node offers through getBuiltinModule (the same-tick path), and with WebCrypto's (what
// Deno and workerd use), by hiding getBuiltinModule while the broker is made.
import type { StartApp } from './apps.js';
import { startWeb } from './apps.js';
import { credentialsSuite } from './suite.js';

const startWebCrypto: StartApp = async (config) => {
  const getBuiltinModule = process.getBuiltinModule;
  process.getBuiltinModule = undefined as unknown as typeof getBuiltinModule;
  try {
    return await startWeb(config);
  } finally {
    process.getBuiltinModule = getBuiltinModule;
  }
};

credentialsSuite('web (fetch Request)', startWeb, { credentialEndpoint: false });
credentialsSuite('web (fetch Request, WebCrypto digest)', startWebCrypto, { credentialEndpoint: false });
