import type * as CoreModule from '@web-identity/core';
import type { Platform } from '@web-identity/core';

/** `@web-identity/core` as the target loaded it (its built ESM, a bundle, a Hermes build…). */
export type Core = typeof CoreModule;

/** What a scenario run by a target reports. */
export type ScenarioStatus = 'pass' | 'fail' | 'n/a';

/** One scenario's outcome: `reason` says why it failed or why it cannot run on this target. */
export interface ScenarioResult {
  status: ScenarioStatus;
  reason?: string;
}

/** The results file of one target, `results/<target>.json`: scenario id → result, in the suite's order. */
export type TargetResults = Record<string, ScenarioResult>;

/**
 * Where the kit the host started listens, and what a target needs that it cannot mint itself. Plain JSON, so
 * a host passes it to a child process, a page or a worker as is.
 */
export interface KitUrls {
  region: string;
  issuer: string;
  clientId: string;
  /** STS, Cognito Identity, S3 and the kit's control API (`/__kit/…`) all answer here. */
  awsEndpoint: string;
  roleArn: string;
  bucket: string;
  identityPoolId: string;
  /** An access token from the kit's IdP (`typ: at+jwt`): what users wrongly pass to STS. */
  accessToken: string;
}

/** What a target tells the suite about itself. */
export interface Target {
  /** The results file's name: `node20`, `deno`, `workerd`, `firefox`, … */
  name: string;
  /** Platform parts every client of this target gets (an AppState wake source, a Worker's storage…). */
  platform?: Partial<Platform>;
  /** Scenarios this target cannot run, with the reason (checked before the scenario's own feature checks). */
  notApplicable?: Record<string, string>;
}

/** What a scenario outcome can be; a failure is a thrown error. */
export type Outcome = { status: 'pass' } | { status: 'n/a'; reason: string };
