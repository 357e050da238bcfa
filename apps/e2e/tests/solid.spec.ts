import { fileURLToPath } from 'node:url';
import { defineExampleSuite } from '../src/example-suite.js';

defineExampleSuite('solid', fileURLToPath(new URL('../../solid-example/dist', import.meta.url)));
