import { InjectionToken } from '@angular/core';

/** What `/config.json` holds (served next to the built app by the demo and the e2e harness). */
export interface AppSettings {
  region: string;
  issuer: string;
  clientId: string;
  /** Local STS (the kit); omit for real AWS. */
  stsEndpoint?: string;
  roleArn: string;
  /** Local S3 (the kit, path-style); omit for real AWS. */
  s3Endpoint?: string;
  bucket: string;
  /**
   * Base URL of an IAM-authorized API (API Gateway); defaults to the kit's execute-api echo next to
   * `stsEndpoint`.
   */
  apiEndpoint?: string;
}

export const APP_SETTINGS = new InjectionToken<AppSettings>('APP_SETTINGS');
