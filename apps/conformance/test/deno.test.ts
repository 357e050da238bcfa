/** The suite on Deno 2 (the npm `deno` binary), core loaded from node_modules; Deno has BroadcastChannel and Web Locks. */
import { describeTarget } from './targetSuite.js';

describeTarget('deno');
