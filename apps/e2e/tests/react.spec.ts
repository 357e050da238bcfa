import { fileURLToPath } from 'node:url';
import { defineExampleSuite } from '../src/example-suite.js';

defineExampleSuite('react', fileURLToPath(new URL('../../react-example/dist', import.meta.url)));
