/**
 * The pure pieces behind the per-feature marginal bytes (issue 23): the stub plugin, which must fail loudly when
 * core's files move instead of measuring nothing, and the marginal computation.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEATURES, marginals, stubbedName, stubModules, stubSource } from '../src/features.mjs';

/** A tiny package: main.js → feature.js → helper.js, and unused.js that nothing imports. */
let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'bench-stub-'));
  mkdirSync(join(root, 'flight'));
  writeFileSync(
    join(root, 'main.js'),
    "import { share } from './flight/feature.js';\nconsole.log(share('x'));\n",
  );
  writeFileSync(
    join(root, 'flight', 'feature.js'),
    "import { helper } from './helper.js';\nexport const WAIT_MS = 300;\nexport function share(k) { return helper(k) + ' FEATURE_BODY'; }\n",
  );
  writeFileSync(
    join(root, 'flight', 'helper.js'),
    "export function helper(k) { return k + ' HELPER_BODY'; }\n",
  );
  writeFileSync(join(root, 'unused.js'), 'export function never() { return 1; }\n');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function bundle(plugins: unknown[]): Promise<string> {
  const out = await build({
    configFile: false,
    root,
    logLevel: 'silent',
    plugins: plugins as never,
    build: { write: false, minify: false, rolldownOptions: { input: join(root, 'main.js') } },
  });
  const [o] = Array.isArray(out) ? out : [out];
  return (o as { output: { type: string; code?: string }[] }).output
    .filter((c) => c.type === 'chunk')
    .map((c) => c.code)
    .join('\n');
}

describe('stubModules', () => {
  it('fails at once, naming the module, when a mapped module does not exist', () => {
    expect(() =>
      stubModules(root, ['flight/feature.js', 'flight/moved.js'], { feature: 'crossTab' }),
    ).toThrow(/stub for crossTab: flight\/moved\.js does not exist/);
  });

  it('fails the build, naming the module, when a mapped module is not in it', async () => {
    await expect(
      bundle([stubModules(root, ['flight/feature.js', 'unused.js'], { feature: 'guest' })]),
    ).rejects.toThrow(/stub for guest: unused\.js not in the build/);
  });

  it('replaces the mapped modules, and counts one imported only by a stubbed module as gone with it', async () => {
    expect(await bundle([])).toContain('FEATURE_BODY');
    const code = await bundle([stubModules(root, ['flight/feature.js', 'flight/helper.js'])]);
    expect(code).not.toContain('FEATURE_BODY');
    expect(code).not.toContain('HELPER_BODY');
  });
});

describe('stubSource', () => {
  it('keeps every export name: no-op functions, primitives as they are, objects empty', () => {
    expect(
      stubSource({ share: () => 1, WAIT_MS: 300, NAME: 'web-identity', NONE: null, table: { a: 1 } }),
    ).toBe(
      [
        'export function share() {}',
        'export const WAIT_MS = 300;',
        'export const NAME = "web-identity";',
        'export const NONE = null;',
        'export const table = {};',
      ].join('\n'),
    );
  });
});

describe('marginals', () => {
  const size = (gzip: number) => ({ min: gzip * 3, gzip, brotli: gzip - 10 });
  const entry = (name: string, gzip: number) => ({ name, initial: size(gzip) });
  const loaded = (_name: string, e: { initial: ReturnType<typeof size> }) => e.initial;
  const features = {
    crossTab: { label: 'cross-tab', entry: 'a', stub: ['flight/crossTab.js'] },
    cognito: { label: 'Cognito', entry: 'g', over: 'a' },
  };

  it('is the entry minus its stubbed build, or minus the entry it is measured over', () => {
    const bundle = {
      a: entry('a', 12_000),
      'a:stub-crossTab': entry('a:stub-crossTab', 9_000),
      g: entry('g', 14_000),
    };
    const [crossTab, cognito] = marginals(bundle, loaded, features);
    expect(crossTab).toMatchObject({
      method: 'stub',
      base: 'a:stub-crossTab',
      gzip: 3_000,
      min: 9_000,
      brotli: 3_000,
    });
    expect(cognito).toMatchObject({ method: 'over', base: 'a', gzip: 2_000, modules: [] });
  });

  it('is null with the reason when either build failed or was not measured', () => {
    const bundle = {
      a: entry('a', 12_000),
      'a:stub-crossTab': { name: 'a:stub-crossTab', error: 'flight/crossTab.js moved' },
    };
    const [crossTab, cognito] = marginals(bundle, loaded, features);
    expect(crossTab).toMatchObject({ gzip: null, error: 'a:stub-crossTab: flight/crossTab.js moved' });
    expect(cognito).toMatchObject({ gzip: null, error: 'g: not measured' });
  });

  it('names each stubbed build after its entry and feature', () => {
    expect(stubbedName('crossTab')).toBe(`${FEATURES.crossTab.entry}:stub-crossTab`);
  });
});
