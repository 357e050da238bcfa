import { defineConfig } from 'vitest/config';
import pkg from './package.json' with { type: 'json' };

// Used by `ng test` (@angular/build:unit-test) as its runner config. The Angular builder compiles
// the specs; this adds the global setup that starts the local kit (IdP + AWS) over real HTTP.
export default defineConfig({
  test: {
    name: pkg.name,
    globalSetup: ['./test/kit.global-setup.ts'],
    // The first exchange lazy-loads the AWS SDK STS client; on a busy 2-core machine that can take seconds.
    testTimeout: 30_000,
  },
});
