import { defineNitroConfig } from 'nitropack/config';

// A minimal Nitro 2 server (what Nuxt's server side is): one middleware, one route; `node .output/server/index.mjs`.
export default defineNitroConfig({ srcDir: 'server', compatibilityDate: '2026-11-01' });
