/**
 * Per-feature marginal bytes (issue 23, "pay only for what you use"): where a regression's bytes came from.
 *
 * FEATURES is the one place that names core's modules: update it when core's files move. A feature is measured
 * one of two ways:
 * - `stub`: its modules are reachable from every app that has the base entry (the scheduler imports cross-tab),
 *   so the base entry is built a second time with those modules replaced by stubs (no-op functions, the same
 *   export names); marginal = base − stubbed. Paths are relative to `@web-identity/core`'s `dist/`. The stub
 *   plugin fails, naming the module, when a mapped module no longer exists or is no longer in the build.
 * - `over`: the feature is a different app (another source): marginal = entry − the `over` entry.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

export const FEATURES = {
  crossTab: {
    label: 'cross-tab sharing',
    entry: 'a-react-lean',
    stub: ['flight/crossTab.js', 'flight/locks.js', 'flight/tabs.js'],
  },
  guest: {
    label: 'guest mode (`guest: true`)',
    entry: 'g-react-cognito-guest',
    stub: ['sources/cognito/guestCredentials.js', 'sources/cognito/guestIdentity.js'],
  },
  events: {
    label: 'events with a listener (`onEvent`)',
    entry: 'a-react-lean+onEvent',
    stub: ['client/emit.js'],
  },
  cognito: { label: 'Cognito source (vs webIdentity)', entry: 'g-react-cognito', over: 'a-react-lean' },
};

/** The bundle entry name of `feature`'s stubbed build, e.g. `a-react-lean:stub-crossTab`. */
export const stubbedName = (key, features = FEATURES) => `${features[key].entry}:stub-${key}`;

/**
 * A Vite (rolldown) plugin that loads each of `modules` (paths relative to `root`) as a stub: one no-op
 * function per function export of the real module, the same value for a primitive one, `{}` otherwise.
 * Throws when a module does not exist (at once) or was never loaded by the build (at its end): a moved file
 * must fail the measurement, not make it measure nothing.
 */
export function stubModules(root, modules, { feature = 'this feature' } = {}) {
  const wanted = new Map();
  for (const rel of modules) {
    const file = join(root, rel);
    if (!existsSync(file))
      throw new Error(
        `stub for ${feature}: ${rel} does not exist in ${root} (core's files moved?): update FEATURES in bench/src/features.mjs`,
      );
    wanted.set(resolve(file), rel);
  }
  const stubbed = new Set();
  return {
    name: 'web-identity-bench:stub-modules',
    enforce: 'pre',
    async load(id) {
      const rel = wanted.get(resolve(id.split('?')[0]));
      if (rel === undefined) return null;
      stubbed.add(rel);
      return stubSource(await import(pathToFileURL(resolve(root, rel)).href));
    },
    buildEnd(error) {
      if (error) return;
      // A mapped module that only stubbed modules imported left the build with them: it counts as stubbed.
      const gone = new Set(stubbed);
      for (const rel of gone)
        for (const dep of relativeImports(root, rel)) if (modules.includes(dep)) gone.add(dep);
      const missing = modules.filter((rel) => !gone.has(rel));
      if (missing.length)
        throw new Error(
          `stub for ${feature}: ${missing.join(', ')} not in the build (core no longer imports it from there?): update FEATURES in bench/src/features.mjs`,
        );
    },
  };
}

/** The relative imports of `rel` (a path under `root`), as paths under `root`. */
function relativeImports(root, rel) {
  const code = readFileSync(join(root, rel), 'utf8');
  return [...code.matchAll(/(?:\bfrom|\bimport)\s*['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) =>
    relative(root, join(dirname(join(root, rel)), m[1]))
      .split(sep)
      .join('/'),
  );
}

/** The stub's source for a module namespace: the same export names, nothing behind them. */
export function stubSource(namespace) {
  return Object.entries(namespace)
    .map(([name, value]) => {
      if (typeof value === 'function') return `export function ${name}() {}`;
      const primitive = value === null || (typeof value !== 'object' && typeof value !== 'undefined');
      return `export const ${name} = ${primitive ? JSON.stringify(value) : value === undefined ? 'undefined' : '{}'};`;
    })
    .join('\n');
}

/**
 * Each feature's marginal bytes from the bundle benchmark's results (`loaded` picks the bytes counted for an
 * entry): `{ key, label, method, entry, base, modules, gzip, min, brotli }`, the sizes `null` with `error` set
 * when either build failed or is missing.
 */
export function marginals(bundle, loaded, features = FEATURES) {
  return Object.entries(features).map(([key, f]) => {
    const base = f.stub ? stubbedName(key, features) : f.over;
    const row = {
      key,
      label: f.label,
      method: f.stub ? 'stub' : 'over',
      entry: f.entry,
      base,
      modules: f.stub ?? [],
      gzip: null,
      min: null,
      brotli: null,
    };
    const a = bundle?.[f.entry];
    const b = bundle?.[base];
    const problem = [a, b]
      .map((e, i) => (e?.error ? `${e.name}: ${e.error}` : e ? null : `${[f.entry, base][i]}: not measured`))
      .filter(Boolean);
    if (problem.length) return { ...row, error: problem.join('; ') };
    const [la, lb] = [loaded(f.entry, a), loaded(base, b)];
    return { ...row, gzip: la.gzip - lb.gzip, min: la.min - lb.min, brotli: la.brotli - lb.brotli };
  });
}
