/**
 * The suite's runner for server-side runtimes (Node, Deno, Bun): loads core's built ESM as a user's app would
 * (`@web-identity/core` from node_modules), runs every scenario against the kit named in CONFORMANCE_KIT, and
 * prints the results after the marker. Usage: <runtime> runners/runtime.mjs <target-name>
 */
import * as core from '@web-identity/core';
import { RESULTS_MARKER, runSuite } from '../dist/index.js';

const name = process.argv[2] ?? 'unknown';
const kit = JSON.parse(process.env.CONFORMANCE_KIT ?? 'null');
if (!kit) throw new Error('CONFORMANCE_KIT (the kit URLs as JSON) is not set');
const only = process.env.CONFORMANCE_ONLY ? process.env.CONFORMANCE_ONLY.split(',') : undefined;

const results = await runSuite(
  core,
  kit,
  { name },
  {
    only,
    onResult: (id, r) => console.error(`${r.status.padEnd(4)} ${id}${r.reason ? ` — ${r.reason}` : ''}`),
  },
);
console.log(RESULTS_MARKER + JSON.stringify(results));
process.exit(0);
