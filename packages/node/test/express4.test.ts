import { startExpress4 } from './apps.js';
import { credentialsSuite } from './suite.js';

// Express 4 runs the whole suite too; its load test uses 100 users to keep the run short.
credentialsSuite('express4', startExpress4, { loadUsers: 100 });
