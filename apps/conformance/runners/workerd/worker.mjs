/**
 * The suite as a Cloudflare Worker: POST the kit URLs as JSON, get the results. Bundled as wrangler would
 * (esbuild, `workerd`/`worker`/`browser` conditions) and run by workerd without `nodejs_compat`: core with the
 * fetch transport and the signer, no `node:` built-ins.
 */
import * as core from '@web-identity/core';
import { runSuite } from '../../dist/index.js';

export default {
  async fetch(request) {
    const kit = await request.json();
    const only = new URL(request.url).searchParams.get('only');
    const results = await runSuite(core, kit, { name: 'workerd' }, only ? { only: only.split(',') } : {});
    return Response.json(results);
  },
};
