/** The host side of the suite (Node): start the kit, run a target's runner, keep its results file. */
export { type ChildRun, runChild } from './child.js';
export { type ConformanceKit, startConformanceKit } from './kit.js';
export { parseRunnerOutput, RESULTS_DIR, readAllResults, writeResults } from './results.js';
