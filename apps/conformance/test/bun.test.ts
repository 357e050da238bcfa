/** The suite on Bun (the npm `bun` binary), core loaded from node_modules. */
import { describeTarget } from './targetSuite.js';

describeTarget('bun', { 'cross-tab': /no Web Locks \(navigator\.locks\)/ });
