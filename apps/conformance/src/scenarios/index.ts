import type { ScenarioContext } from '../context.js';
import type { Outcome } from '../types.js';
import { crossTabSharing } from './crossTab.js';
import { accessTokenError, awsRefusalErrors } from './errors.js';
import { exchangeCognito, exchangeWebIdentity } from './exchange.js';
import { clockSkew, proactiveRefresh, singleFlight } from './flight.js';
import { signedFetchS3 } from './signedFetch.js';
import { signOutWins } from './signOut.js';
import { wakeAfterHidden } from './wake.js';

/** One scenario of the suite: a stable id (the results files' key), a title for the matrix, and the run. */
export interface Scenario {
  id: string;
  title: string;
  run(ctx: ScenarioContext): Promise<Outcome>;
}

/** Every scenario, in the order they run and appear in the support matrix. */
export const SCENARIOS: readonly Scenario[] = [
  { id: 'exchange-web-identity', title: 'Exchange: webIdentity (STS)', run: exchangeWebIdentity },
  { id: 'exchange-cognito', title: 'Exchange: cognitoIdentityPool', run: exchangeCognito },
  { id: 'single-flight', title: 'Single flight (50 callers, 1 exchange)', run: singleFlight },
  { id: 'proactive-refresh', title: 'Proactive refresh', run: proactiveRefresh },
  { id: 'clock-skew', title: "Clock skew from STS's Date", run: clockSkew },
  { id: 'sign-out-race', title: 'Sign-out wins a race', run: signOutWins },
  { id: 'error-access-token', title: 'Typed error: access token', run: accessTokenError },
  { id: 'error-aws-refusal', title: 'Typed errors: AWS refusals', run: awsRefusalErrors },
  { id: 'signed-fetch-s3', title: 'signedFetch to S3', run: signedFetchS3 },
  { id: 'cross-tab', title: 'Cross-tab sharing', run: crossTabSharing },
  { id: 'wake-after-hidden', title: 'Wake after a hidden period', run: wakeAfterHidden },
];
