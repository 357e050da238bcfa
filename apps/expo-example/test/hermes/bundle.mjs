/**
 * Bundles a Hermes harness entry with the app's own Metro config (Expo's, babel-preset-expo) into one file, as
 * `expo export` would, but without React Native's `InitializeCore` (it needs the native modules that a bare
 * Hermes VM does not have; `rnGlobals.ts` installs what the harness needs in its place).
 */

import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Metro from 'metro';

const appRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const require = createRequire(import.meta.url);

/** Writes the bundle of `entry` (a path under the app) to `out`; `dev` false is a production bundle. */
export async function bundleForHermes({ entry, out, dev = false }) {
  const base = require(resolve(appRoot, 'metro.config.js')); // the app's own, as `expo export` uses it
  const config = {
    ...base,
    resetCache: false,
    reporter: { update() {} },
    serializer: { ...base.serializer, getModulesRunBeforeMainModule: () => [] },
  };
  await Metro.runBuild(config, {
    entry: resolve(entry),
    out,
    platform: 'android',
    dev,
    minify: false,
    sourceMap: false,
  });
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [entry, out] = process.argv.slice(2);
  await bundleForHermes({ entry, out });
  console.log(`bundled ${entry} -> ${out}`);
}
