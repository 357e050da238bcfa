// After `vitepress build` (which already fails on a dead link between pages): every link into the
// repository's own files (`<repo>/blob/main/<path>` or `/tree/main/<path>`, from any page, generated ones
// included) must name a file or folder that exists in this checkout.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REPO_BLOB, REPO_TREE } from './repo.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const dist = fileURLToPath(new URL('../.vitepress/dist/', import.meta.url));

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? htmlFiles(join(dir, e.name)) : e.name.endsWith('.html') ? [join(dir, e.name)] : [],
  );
}

/** Links into the repository found in `html`, as `{ path, folder }` (path relative to the repo root). */
export function repoLinks(html: string): { path: string; folder: boolean }[] {
  const found: { path: string; folder: boolean }[] = [];
  for (const m of html.matchAll(/href="([^"]+)"/g)) {
    const href = m[1] ?? '';
    for (const [prefix, folder] of [
      [REPO_BLOB, false],
      [REPO_TREE, true],
    ] as const) {
      if (!href.startsWith(prefix)) continue;
      const path = decodeURIComponent(href.slice(prefix.length).split(/[#?]/)[0] ?? '').replace(/\/$/, '');
      found.push({ path, folder });
    }
  }
  return found;
}

/** The dead repository links of a built site: `page: path` lines. */
export function deadRepoLinks(distDir = dist, repoRoot = root): { dead: string[]; checked: number } {
  const dead: string[] = [];
  let checked = 0;
  for (const file of htmlFiles(distDir)) {
    for (const { path, folder } of repoLinks(readFileSync(file, 'utf8'))) {
      checked++;
      const target = join(repoRoot, path);
      const ok = existsSync(target) && statSync(target).isDirectory() === folder;
      // VitePress's "edit this page" link names the page's source .md, which exists for hand-written pages only.
      const generated = /^apps\/docs\/(api\/|troubleshooting\.md|performance\.md)/.test(path);
      if (!ok && !generated) dead.push(`${file.slice(distDir.length)}: ${path}${folder ? '/' : ''}`);
    }
  }
  return { dead, checked };
}

if (import.meta.main) {
  const { dead, checked } = deadRepoLinks();
  if (checked === 0) throw new Error(`no repository links found under ${dist}: is the site built?`);
  if (dead.length) {
    console.error(`Dead links into the repository (${dead.length}):\n  ${dead.join('\n  ')}`);
    process.exit(1);
  }
  console.log(`check-links: ${checked} links into the repository, all present`);
}
