// React Server Components bundlers need 'use client' as the first statement of the built entry.
import { readFileSync } from 'node:fs';

const entry = readFileSync(new URL('../dist/index.js', import.meta.url), 'utf8');
if (!/^(['"])use client\1;/.test(entry)) {
  console.error("dist/index.js does not start with 'use client'; check the build.");
  process.exit(1);
}
console.log("dist/index.js starts with 'use client'");
