// Makes CommonJS `require('react')` / `require('react-dom')` (inside react-dom and Testing Library, which
// Node loads natively) resolve to the React 18 copies, so the whole tree runs on one React 18.
import Module, { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { afterAll } from 'vitest';

const require = createRequire(import.meta.url);
const targets: [string, string][] = [
  ['react-dom', dirname(require.resolve('react-dom-18/package.json'))],
  ['react', dirname(require.resolve('react-18/package.json'))],
];

type Resolve = (request: string, ...rest: unknown[]) => string;
const mod = Module as unknown as { _resolveFilename: Resolve };
const original = mod._resolveFilename;
mod._resolveFilename = function (this: unknown, request: string, ...rest: unknown[]) {
  for (const [name, dir] of targets) {
    if (request === name || request.startsWith(`${name}/`)) {
      return original.call(this, dir + request.slice(name.length), ...rest);
    }
  }
  return original.call(this, request, ...rest);
};
afterAll(() => {
  mod._resolveFilename = original;
});

process.env.WI_TEST_REACT_MAJOR = '18';
