// @vitest-environment node
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

// The README's example must compile: it is kept verbatim in test/readmeExample.tsx, which `typecheck` checks.
it('README example is the typechecked test/readmeExample.tsx', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const example = readFileSync(new URL('./readmeExample.tsx', import.meta.url), 'utf8');
  const block = /```tsx\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(block).toBeDefined();
  expect(example.split('\n').slice(1).join('\n')).toBe(block);
});
