import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

// jsdom's import.meta.url is not a file URL; the test file's own path is.
const here = dirname(import.meta.filename ?? '');

// The README's two modules, kept verbatim in test/readme/ and run here as a new user's app would run them.
describe('README example', () => {
  it('is the code in test/readme/', () => {
    const readme = readFileSync(join(here, '../README.md'), 'utf8');
    const blocks = [...readme.matchAll(/```tsx\n([\s\S]*?)```/g)].map((m) => m[1]);
    const files = ['index.tsx', 'Photos.tsx'].map((f) => readFileSync(join(here, 'readme', f), 'utf8'));
    expect(blocks).toEqual(files);
  });

  it('compiles, renders and shows the sign-in button while nobody is signed in', async () => {
    const root = document.createElement('div');
    root.id = 'root';
    document.body.append(root);
    // Loaded by path so the package's own typecheck leaves test/readme/ to its app-style tsconfig.
    const load = (file: string) => import(/* @vite-ignore */ `./readme/${file}`);
    const { oidc } = (await load('auth.ts')) as typeof import('./readme/auth.js');
    const getUser = vi.spyOn(oidc, 'getUser');
    await load('index.tsx');
    await vi.waitFor(() => expect(getUser).toHaveBeenCalled());
    await vi.waitFor(() => expect(root.querySelector('button')?.textContent).toBe('Sign in (signed-out)'));
  });
});
