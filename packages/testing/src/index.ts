/**
 * A local OpenID Connect IdP and a local AWS (STS, Cognito Identity, an S3 subset) for offline tests and demos, with faults on demand.
 *
 * @packageDocumentation
 * @module @web-identity/testing
 */
export type { AlbSignOptions } from './aws/alb.js';
export * from './aws/config.js';
export type { CallRecord } from './aws/context.js';
export type { TrustExplanation } from './aws/explain.js';
export type { ConditionVerdict, PolicyDocument, PolicyStatement, StatementVerdict } from './aws/policy.js';
export * from './aws/server.js';
export * from './faults.js';
export * from './idp.js';
export * from './kit.js';
export * from './redis.js';
export * from './signin.js';
export * from './tabs.js';
