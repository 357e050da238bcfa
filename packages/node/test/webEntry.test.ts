// What the fetch-standard entry and its glue load at run time (types erased): no `node:` module anywhere on the
// path, and only core, jose (and for the Next glue, next/headers) outside this package. The Deno, Bun and workerd
// runs (apps/server-runtimes) prove it by loading; this is the fast check that names the file.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../src', import.meta.url));

/** Every module specifier the entry's files import at run time, as `specifier <- file`. */
function runtimeImports(entry: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const js = ts.transpileModule(readFileSync(file, 'utf8'), {
      compilerOptions: {
        module: ts.ModuleKind.ESNext,
        target: ts.ScriptTarget.ES2022,
        verbatimModuleSyntax: true,
      },
    }).outputText;
    for (const { fileName } of ts.preProcessFile(js, true, true).importedFiles) {
      if (fileName.startsWith('.')) visit(resolve(dirname(file), fileName.replace(/\.js$/, '.ts')));
      else out.push(`${fileName} <- ${file.slice(SRC.length + 1)}`);
    }
  };
  visit(join(SRC, entry));
  return out;
}

describe('the fetch-standard entry loads without node: modules', () => {
  for (const entry of ['web.ts', 'hono.ts', 'next.ts', 'sveltekit.ts', 'h3.ts']) {
    it(`${entry}: no node: import, only core, jose and the framework's own module`, () => {
      const imports = runtimeImports(entry);
      expect(imports.filter((i) => i.startsWith('node:'))).toEqual([]);
      const packages = new Set(imports.map((i) => i.split(' <- ')[0]));
      for (const p of packages) expect(['@web-identity/core', 'jose', 'next/headers.js']).toContain(p);
      expect(packages.has('@web-identity/core')).toBe(true);
    });
  }
  it('the check sees node: imports where there are some (the Node entry)', () => {
    const imports = runtimeImports('index.ts');
    expect(imports.some((i) => i.startsWith('node:crypto <- '))).toBe(true);
  });
});
