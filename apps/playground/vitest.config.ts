import { defineConfig } from 'vitest/config';
import pkg from './package.json' with { type: 'json' };

export default defineConfig({
  test: {
    name: pkg.name,
    environment: 'node',
    include: ['test/**/*.test.ts'],
  },
});
