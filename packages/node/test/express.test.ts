import { startExpress } from './apps.js';
import { credentialsSuite } from './suite.js';

credentialsSuite('express', startExpress);
