import { fileURLToPath } from 'node:url';

/** Where `@web-identity/conformance-runtimes` installed the runtimes' npm packages. */
const MODULES = fileURLToPath(new URL('../../runtimes/node_modules/', import.meta.url));

/**
 * The real binaries of the runtimes (not node_modules/.bin shims: a shim that does not `exec` would survive a
 * kill, holding the output pipes open).
 */
export const RUNTIME_BINARIES = {
  node20: `${MODULES}node20/bin/node`,
  node22: `${MODULES}node22/bin/node`,
  node24: `${MODULES}node24/bin/node`,
  deno: `${MODULES}deno/deno`,
  bun: `${MODULES}bun/bin/bun.exe`,
  workerd: `${MODULES}workerd/bin/workerd`,
} as const;

/** The runtime targets of this package and how each runs `runners/runtime.mjs`. */
export const RUNTIME_TARGETS: Record<'node20' | 'node22' | 'node24' | 'deno' | 'bun', readonly string[]> = {
  node20: [RUNTIME_BINARIES.node20],
  node22: [RUNTIME_BINARIES.node22],
  node24: [RUNTIME_BINARIES.node24],
  // Network to reach the kit, env for CONFORMANCE_KIT, read for node_modules; nothing else.
  deno: [RUNTIME_BINARIES.deno, 'run', '--allow-net', '--allow-env', '--allow-read'],
  bun: [RUNTIME_BINARIES.bun, 'run'],
};
