import { startExpress4 } from './apps.js';
import { credentialsSuite } from './suite.js';

credentialsSuite('express4', startExpress4);
