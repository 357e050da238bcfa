import { defineConfig } from 'vitest/config';
import pkg from './package.json' with { type: 'json' };

// The peer range starts at Vue 3.3: run the plugin and composable tests again on 3.3 (npm alias `vue-33`).
export default defineConfig({
  resolve: { alias: [{ find: /^vue$/, replacement: 'vue-33' }] },
  test: {
    name: `${pkg.name} (vue 3.3)`,
    environment: 'jsdom',
    include: ['test/vue33/**/*.test.ts'],
  },
});
