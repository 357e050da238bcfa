import { fileURLToPath } from 'node:url';
import { defineExampleSuite } from '../src/example-suite.js';

defineExampleSuite('angular', fileURLToPath(new URL('../../angular-example/dist/browser', import.meta.url)), {
  signedCall: true,
});
