// Generates the pages that must never drift from their one source, before VitePress builds:
// - api/: the API reference, from the packages' TSDoc (TypeDoc + typedoc-plugin-markdown; fails on an
//   undocumented export, see typedoc.json);
// - troubleshooting.md: from the root README's table, whose rows the playground shows (checked there);
// - performance.md: bench/results.json drawn as SVG charts.
// Everything written here is ignored by git.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { performanceMarkdown } from './performance.ts';
import { troubleshootingMarkdown } from './troubleshooting.ts';

const here = (path: string) => new URL(`../${path}`, import.meta.url);

writeFileSync(here('troubleshooting.md'), troubleshootingMarkdown());
writeFileSync(here('performance.md'), performanceMarkdown());
execFileSync(process.execPath, [here('node_modules/typedoc/bin/typedoc').pathname], {
  cwd: here('.').pathname,
  stdio: 'inherit',
});
