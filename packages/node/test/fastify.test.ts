import { startFastify } from './apps.js';
import { credentialsSuite } from './suite.js';

credentialsSuite('fastify', startFastify);
