import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import pkg from './package.json' with { type: 'json' };

/**
 * The scheduler, single-flight, sign-out, guest and error-code suites again, against the built package (dist) with
 * NODE_ENV=production, so nothing that is stripped or shortened for production changes a behaviour.
 */
const dist = fileURLToPath(new URL('./dist/index.js', import.meta.url));
const distInternal = fileURLToPath(new URL('./dist/internal.js', import.meta.url));

export default defineConfig({
  plugins: [
    {
      name: 'web-identity:tests-use-dist',
      enforce: 'pre',
      resolveId(source) {
        if (source === '../src/index.js') return dist;
        return source === '../src/internal.js' ? distInternal : null;
      },
    },
  ],
  test: {
    name: `${pkg.name} (production build)`,
    environment: 'node',
    env: { NODE_ENV: 'production' },
    include: [
      'test/scheduler.test.ts',
      'test/client.basic.test.ts',
      'test/adapters.test.ts',
      'test/timing.test.ts',
      'test/messages.test.ts',
      'test/integration.sts.test.ts',
      'test/integration.cognito.test.ts',
      'test/events.test.ts',
      'test/devWarnings.test.ts',
      'test/crossTab.test.ts',
      'test/guest.test.ts',
      'test/integration.guest.test.ts',
      'test/cognito-guest-upgrade.test.ts',
    ],
  },
});
