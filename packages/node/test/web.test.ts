// The Express suite, run against the fetch-standard entry (`@web-identity/node/web`): the same attacks (forged
// and wrong tokens, 0 STS calls; 1,000 users interleaved, each with its own keys), the same answers.
import { startWeb } from './apps.js';
import { credentialsSuite } from './suite.js';

credentialsSuite('web (fetch Request)', startWeb, { credentialEndpoint: false });
