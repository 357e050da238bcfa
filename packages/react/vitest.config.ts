import { defineConfig } from 'vitest/config';
import pkg from './package.json' with { type: 'json' };

export default defineConfig({
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}', 'test/**/*.test.{ts,tsx}'],
    restoreMocks: true,
    projects: [
      { extends: true, test: { name: pkg.name } },
      {
        // The same suite on React 18 (the peer range's floor), installed as npm aliases `react-18` /
        // `react-dom-18`: Vite aliases our sources' imports, test/react18.setup.ts redirects the CommonJS
        // `require`s inside react-dom and Testing Library.
        extends: true,
        test: {
          name: `${pkg.name} (react 18)`,
          setupFiles: ['./test/react18.setup.ts'],
          exclude: ['**/node_modules/**', 'test/**/*.react19.test.tsx'],
        },
        resolve: {
          alias: [
            { find: /^react-dom(\/.*)?$/, replacement: 'react-dom-18$1' },
            { find: /^react(\/.*)?$/, replacement: 'react-18$1' },
          ],
        },
      },
    ],
  },
});
