// ng-packagr writes dist/package.json from this folder's package.json, whose `main`, `module`,
// `typings` and `files` point into dist/ for workspace consumers. Make dist/ a publishable package on
// its own: paths relative to dist/, a `files` whitelist, and real version ranges for workspace deps.
import { readFileSync, writeFileSync } from 'node:fs';

const read = (path) => JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8'));
const dist = read('../dist/package.json');
const workspaceVersions = { '@web-identity/core': read('../../core/package.json').version };

dist.main = dist.module;
dist.files = ['fesm2022', 'types', 'README.md', 'LICENSE'];
for (const [name, range] of Object.entries(dist.dependencies ?? {})) {
  if (range.startsWith('workspace:')) {
    const version = workspaceVersions[name];
    if (!version) throw new Error(`No version known for workspace dependency ${name}`);
    dist.dependencies[name] = `^${version}`;
  }
}
writeFileSync(new URL('../dist/package.json', import.meta.url), `${JSON.stringify(dist, null, 2)}\n`);
