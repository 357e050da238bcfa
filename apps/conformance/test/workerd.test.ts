/**
 * The suite as a Cloudflare Worker in workerd (the npm `workerd` binary): bundled as wrangler does, a
 * compatibility date without Node's `process` and no `nodejs_compat`.
 */
import { describeTarget } from './targetSuite.js';

describeTarget('workerd', { 'cross-tab': /no BroadcastChannel, no Web Locks/ });
