import { fileURLToPath } from 'node:url';
import { defineExampleSuite } from '../src/example-suite.js';

defineExampleSuite('svelte', fileURLToPath(new URL('../../svelte-example/dist', import.meta.url)));
