import {
  type LocalAws,
  type LocalAwsOptions,
  type LocalIdp,
  startLocalAws,
  startLocalIdp,
} from '@web-identity/testing';
import { afterAll, beforeAll } from 'vitest';

/** The local IdP and AWS for one test file: started before its tests, closed after them. */
export function useLocalKit(options: Omit<LocalAwsOptions, 'idp'> = {}): { idp: LocalIdp; aws: LocalAws } {
  const kit = {} as { idp: LocalIdp; aws: LocalAws };
  beforeAll(async () => {
    kit.idp = await startLocalIdp();
    kit.aws = await startLocalAws({ ...options, idp: kit.idp });
  });
  afterAll(async () => {
    await kit.aws?.close();
    await kit.idp?.close();
  });
  return kit;
}
