import { defineConfig } from 'vitest/config';
import pkg from './package.json' with { type: 'json' };

export default defineConfig({
  test: {
    name: pkg.name,
    environment: 'node',
    include: ['src/**/*.test.{ts,tsx}', 'test/**/*.test.{ts,tsx}'],
    passWithNoTests: true,
    // Real servers and child processes on a shared 2-core CI machine: generous, never used as assertions.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
