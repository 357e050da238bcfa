import { fileURLToPath } from 'node:url';
import { defineExampleSuite } from '../src/example-suite.js';

defineExampleSuite('vue', fileURLToPath(new URL('../../vue-example/dist', import.meta.url)));
