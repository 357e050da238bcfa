import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { flushSync, mount, unmount } from 'svelte';
import { describe, expect, it, vi } from 'vitest';
import App from './readme/App.svelte';
import { oidc } from './readme/auth.js';

// jsdom's import.meta.url is not a file URL; the test file's own path is.
const here = dirname(import.meta.filename ?? '');

// The README's two components, kept verbatim in test/readme/ and run here as a new user's app would run them.
describe('README example', () => {
  it('is the code in test/readme/', () => {
    const readme = readFileSync(join(here, '../README.md'), 'utf8');
    const blocks = [...readme.matchAll(/```svelte\n([\s\S]*?)```/g)].map((m) => m[1]);
    const files = ['App.svelte', 'Photos.svelte'].map((f) => readFileSync(join(here, 'readme', f), 'utf8'));
    expect(readdirSync(join(here, 'readme'))).toContain('auth.ts');
    expect(blocks).toEqual(files);
  });

  it('compiles, mounts and shows the sign-in button while nobody is signed in', async () => {
    const getUser = vi.spyOn(oidc, 'getUser');
    const target = document.createElement('div');
    const app = mount(App, { target });
    flushSync();
    await vi.waitFor(() => expect(getUser).toHaveBeenCalled());
    await vi.waitFor(() => {
      flushSync();
      expect(target.querySelector('button')?.textContent).toBe('Sign in (signed-out)');
    });
    unmount(app);
  });
});
