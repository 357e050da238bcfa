import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';
import pkg from './package.json' with { type: 'json' };

// Two runs of the same sources: in the browser build of Svelte (jsdom), and in its server build (node), where
// `esm-env` says BROWSER = false, as under SvelteKit SSR.
export default defineConfig({
  plugins: [svelte()],
  test: {
    projects: [
      {
        extends: true,
        resolve: { conditions: ['browser'] },
        test: {
          name: `${pkg.name} (browser)`,
          environment: 'jsdom',
          // The hydration tests start a Vite SSR loader; on a loaded machine that alone can take seconds.
          testTimeout: 30_000,
          globalSetup: ['test/kitSetup.ts'],
          include: ['test/**/*.test.ts'],
          exclude: ['test/**/*.ssr.test.ts', '**/node_modules/**'],
        },
      },
      {
        extends: true,
        test: { name: `${pkg.name} (server)`, environment: 'node', include: ['test/**/*.ssr.test.ts'] },
      },
    ],
  },
});
