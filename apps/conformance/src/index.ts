/**
 * The conformance suite of `@web-identity/core`, written once and run by every target (Node versions, Deno,
 * Bun, workerd, browsers, workers, Hermes): scenarios that take the target's core module, the kit's URLs and a
 * small target object, and return pass, fail or n/a (with its reason) each.
 */
export { type ClientSpec, check, type ScenarioContext, sleep, waitFor } from './context.js';
export { type KitCall, KitControl, type KitFault } from './kitControl.js';
export { formatResults, RESULTS_MARKER, resultsProblem, SCENARIO_IDS, SCENARIO_TITLES } from './results.js';
export { SCENARIOS, type Scenario } from './scenarios/index.js';
export { runSuite, SCENARIO_TIMEOUT_MS } from './suite.js';
export type * from './types.js';
