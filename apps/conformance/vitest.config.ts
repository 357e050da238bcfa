import { defineConfig } from 'vitest/config';
import pkg from './package.json' with { type: 'json' };

export default defineConfig({
  test: {
    name: pkg.name,
    environment: 'node',
    include: ['test/**/*.test.ts'],
    // Each target file starts its own kit and child runtime; two at a time is what the 2-core CI box takes.
    maxWorkers: 2,
    testTimeout: 20_000,
    hookTimeout: 240_000,
  },
});
