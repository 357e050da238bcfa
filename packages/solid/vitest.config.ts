import solid from 'vite-plugin-solid';
import { defineConfig } from 'vitest/config';
import pkg from './package.json' with { type: 'json' };

// Two runs of the same sources: with Solid's browser build (jsdom), and with its server build (node), where
// `isServer` is true, as under SolidStart SSR.
export default defineConfig({
  test: {
    projects: [
      {
        extends: true,
        // JSX for the README's example (test/readme/) and the hydration fixtures, compiled as a SolidStart app's
        // would be (hydratable).
        plugins: [solid({ ssr: true })],
        resolve: { conditions: ['browser'] },
        test: {
          name: `${pkg.name} (browser)`,
          environment: 'jsdom',
          // The hydration tests start a Vite SSR loader; on a loaded machine that alone can take seconds.
          testTimeout: 30_000,
          globalSetup: ['test/kitSetup.ts'],
          include: ['test/**/*.test.{ts,tsx}'],
          exclude: ['test/**/*.ssr.test.ts', '**/node_modules/**'],
          // Resolved by Vite with the browser condition, not by Node (whose condition picks the server build).
          server: { deps: { inline: [/solid-js/] } },
        },
      },
      {
        extends: true,
        test: { name: `${pkg.name} (server)`, environment: 'node', include: ['test/**/*.ssr.test.ts'] },
      },
    ],
  },
});
