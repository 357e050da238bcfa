/** The host side of the suite (Node): start the kit, run a target's runner, keep its results file. */
export { RUNTIME_BINARIES, RUNTIME_TARGETS } from './binaries.js';
export { type Child, type ChildRun, runChild, startChild } from './child.js';
export { type ConformanceKit, startConformanceKit } from './kit.js';
export { parseRunnerOutput, RESULTS_DIR, readAllResults, writeResults } from './results.js';
export { type RuntimeTarget, runTarget, type TargetRun } from './runTarget.js';
export { bundleWorker, runWorkerd } from './workerd.js';
