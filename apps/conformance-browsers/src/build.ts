import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/** The page scripts, as an app's bundler would build them: core and the suite from their built packages. */
const ENTRIES = {
  suite: here('../page/suite.js'),
  workers: here('../page/workers.js'),
  'credentials-worker': here('../page/credentials-worker.js'),
  tabs: here('../page/tabs.js'),
};

/**
 * A Service Worker may not `import()` (HTML forbids it in ServiceWorkerGlobalScope), and core loads its SigV4
 * signer lazily: the Service Worker is bundled alone with its dynamic imports inlined.
 */
const SERVICE_WORKER = { 'signing-sw': here('../page/signing-sw.js') };

/** Bundles the page scripts into `dist/` (ES modules: the page's, a module Worker's and a module Service Worker's). */
export async function buildPages(): Promise<void> {
  await bundle(ENTRIES, false);
  await bundle(SERVICE_WORKER, true);
}

async function bundle(input: Record<string, string>, serviceWorker: boolean): Promise<void> {
  await build({
    configFile: false,
    logLevel: 'warn',
    root: here('..'),
    define: { 'process.env.NODE_ENV': '"production"' },
    build: {
      outDir: here('../dist'),
      emptyOutDir: !serviceWorker,
      minify: false,
      // Vite's preload helper for core's lazy signer reads `document`, which a Worker has not.
      modulePreload: false,
      target: 'es2022',
      rollupOptions: {
        input,
        preserveEntrySignatures: 'strict',
        output: {
          format: 'es',
          entryFileNames: '[name].js',
          chunkFileNames: 'chunks/[name].js',
          inlineDynamicImports: serviceWorker,
        },
      },
    },
  });
}
