// The `release-check` target (in `npm test`): `nx release --dry-run --yes` must work on this checkout (a
// fresh clone has no tags: versions fall back to package.json), computing one new version for the fixed
// group, previewing a CHANGELOG.md entry per package and running `npm publish --dry-run` for each, while
// writing nothing: no file, commit or tag changes, no registry write (npm's dry run).
import { execFileSync, spawnSync } from 'node:child_process';

const PACKAGES = ['core', 'react', 'vue', 'angular', 'svelte', 'solid', 'node', 'redis', 'testing'];
const git = (...args) => execFileSync('git', args, { encoding: 'utf8' });
const state = () => ({
  head: git('rev-parse', 'HEAD'),
  status: git('status', '--porcelain'),
  tags: git('tag'),
});

const before = state();
const run = spawnSync('nx', ['release', '--dry-run', '--yes'], {
  encoding: 'utf8',
  env: { ...process.env, NX_NO_CLOUD: 'true', FORCE_COLOR: '0' },
  maxBuffer: 64 * 1024 * 1024,
});
const output = `${run.stdout}\n${run.stderr}`;
const after = state();

const problems = [];
if (run.status !== 0) problems.push(`nx release --dry-run exited with ${run.status}`);
for (const p of PACKAGES) {
  if (!new RegExp(`@web-identity/${p} .*New version \\S+ written to manifest`).test(output))
    problems.push(`no new version computed for @web-identity/${p}`);
  if (!output.includes(`Previewing an entry in packages/${p}/CHANGELOG.md`))
    problems.push(`no CHANGELOG.md entry previewed for @web-identity/${p}`);
}
// Each package's dry-run publish: the executor prints its tarball header once the publish command succeeded and
// its JSON answer was read (the "Would publish" summary after the file list was seen missing once under a loaded
// CI run while the header and a successful target were there, so the header is what is counted).
const published = PACKAGES.filter((p) => output.includes(`@web-identity/${p}@X.X.X-dry-run`));
if (published.length !== PACKAGES.length)
  problems.push(
    `npm publish --dry-run ran for ${published.length} of ${PACKAGES.length} packages (missing: ${PACKAGES.filter((p) => !published.includes(p)).join(', ')})`,
  );
for (const key of ['head', 'status', 'tags'])
  if (before[key] !== after[key])
    problems.push(`the dry run changed git ${key}:\n${before[key]}\n→\n${after[key]}`);

if (problems.length) {
  console.error(output);
  console.error(`release-check failed:\n- ${problems.join('\n- ')}`);
  process.exit(1);
}
const version = /New version (\S+) written/.exec(output)?.[1];
console.log(
  `release-check: nx release --dry-run would release ${PACKAGES.length} packages at ${version} with a CHANGELOG.md each, npm publish --dry-run passed for all, nothing written`,
);
