export type { AlbSignOptions } from './aws/alb.js';
export * from './aws/config.js';
export type { CallRecord } from './aws/context.js';
export type { PolicyDocument, PolicyStatement } from './aws/policy.js';
export * from './aws/server.js';
export * from './faults.js';
export * from './idp.js';
export * from './kit.js';
export * from './signin.js';
