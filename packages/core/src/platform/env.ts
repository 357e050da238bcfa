/** Small environment helpers, with no side effect at import. */

const README = 'https://github.com/web-identity/web-identity/tree/main/packages/core#';

/**
 * True in development. Bundlers replace `process.env.NODE_ENV` (Vite, webpack, esbuild, Rollup's replace, as
 * React and Vue require too), fold this to a constant and drop the development-only texts behind it
 * (`DEV ? 'advice' : ''`) from production bundles.
 */
export const DEV: boolean = process.env.NODE_ENV !== 'production';

const warned = new Set<string>();

/**
 * One development warning per key, with a link to the README section that fixes it. Callers write
 * `if (DEV) devWarn(...)` so a production bundle drops the call and its text.
 */
export function devWarn(key: string, message: string, anchor: string): void {
  if (!DEV || warned.has(key)) return;
  warned.add(key);
  console.warn(`[web-identity] ${message} See ${README}${anchor}`);
}
